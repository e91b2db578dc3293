// GraphQL names what it refuses by its own types (`is not a field of UpdateLeadInput`, `Expected
// type "SalesRepRef" to be an object`, `String cannot represent a non string value`). A REST caller
// sent a JSON body and has never seen those types: the same reasons, in the words of a body.
/** The collection a GraphQL input type stands for, as `select` names it: `UpdateLeadInput` and `LeadRef` are `Lead`. */
const documentOf = (typeName: string) => typeName.replace(/^(Create|Update)(?=[A-Z])/, '').replace(/(Upsert)?(Input|Ref)$/, '');

// A scalar's refusal starts with its GraphQL name; `$1` keeps the rule a scalar of ours words itself.
const scalarRules: readonly [RegExp, string][] = [
  [/^String cannot represent\b.*$/s, 'must be text'],
  [/^ID cannot represent\b.*$/s, 'must be text or an integer'],
  [/^Int cannot represent\b.*$/s, 'must be an integer (32-bit)'],
  [/^Float cannot represent\b.*$/s, 'must be a number'],
  [/^Boolean cannot represent\b.*$/s, 'must be true or false'],
  [/^JSONObject cannot represent\b.*$/s, 'must be a JSON object'],
  [/^JSON cannot represent\b.*$/s, 'must be a JSON value'],
  [/^Date(?:Time)? (must be .*)$/s, '$1'],
];

/**
 * A GraphQL reason for a bad input (values cut out already) as REST says it, for the field at
 * `field` (REST's path). An `id` in an update is named for what it is: the path (or `where`)
 * names the document, and an id is never changed.
 */
export function inRestWords(field: string, reason: string): string {
  const notAField = /^is not a field of (\w+(?:Input|Ref))$/.exec(reason);
  if (notAField) {
    if (/^Update\w+Input$/.test(notAField[1]) && field.split('.').at(-1) === 'id') {
      return 'cannot be changed: an id is not a field of an update (the path, or where in a bulk update, names the documents)';
    }
    return `is not a field of ${documentOf(notAField[1])} documents`;
  }
  if (/^Expected non-nullable type "[^"]+" not to be null\.?$/.test(reason) || /^Field "\w+" must be non-null\.?$/.test(reason)) return 'is required';
  const object = /^Expected type "(\w+)" to be an object\.?$/.exec(reason);
  if (object) return /Ref$/.test(object[1]) ? `must be a ${documentOf(object[1])} id or object` : 'must be an object';
  if (/^Exactly one key must be specified for OneOf type "\w+"\.?$/.test(reason)) return 'must give exactly one of its keys';
  const expected = /^Expected type "\w+"\.\s*(.*)$/s.exec(reason);
  if (expected) return expected[1] ? inRestWords(field, expected[1]) : 'is not a value of the kind this field takes';
  if (/^The value does not exist in "\w+" enum\.?$/.test(reason)) return 'is not one of the values this field takes';
  const scalar = scalarRules.find(([rule]) => rule.test(reason));
  return scalar ? reason.replace(scalar[0], scalar[1]) : reason;
}
