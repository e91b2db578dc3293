// graphql-js prints the rejected value into variable errors ('Variable "$input" got invalid value
// {...} at "input.email"; <reason>') and scalars print it into the reason ('Int cannot represent
// non-integer value: "abc"'). Values may be personal data, so both are cut out; the path stays.
//
// graphql-js also ends many messages with suggestions ('Did you mean "Lead"?', 'Did you mean to use
// an inline fragment on "Consumer"?', 'Did you mean the enum value "ASC"?'): they list the schema's
// types, fields and enum values to anyone, introspection or not. They are cut out always, not only
// in production: the schema is in schema.graphql and GraphiQL for those who may read it.
//
// A key no input type has is the caller's text, whatever characters it holds: it is named only when
// it is a plain name (key-names.ts); REST has already named a key that is not by its position.
import { isPlainKey, isPositionName } from './key-names.js';

const unknownField = /^Field "(.*)" is not defined by type "(\w+)"\./s;

/** The path segment for the field an unknown-field reason is about, without echoing a key that is not a plain name. */
export function unknownFieldOf(reason: string): string | undefined {
  const key = unknownField.exec(reason)?.[1];
  if (key === undefined) return undefined;
  return isPlainKey(key) || isPositionName(key) ? key : 'a key that is not a plain name';
}

/** A GraphQL error's reason with the values it quotes cut out. */
export function reasonWithoutValues(text: string): string {
  const notAField = unknownField.exec(text);
  if (notAField) return `is not a field of ${notAField[2]}`;
  return text
    .replace(/\s*Did you mean\b.*$/s, '')
    .replace(/^(Expected value of type "[^"]+"), found .*?(;.*)?$/s, '$1$2')
    .replace(/^(Invalid (?:cursor|global ID|id received for \w+ of \w+))\b.*$/s, '$1')
    .replace(/^Field "\w+" of required type "[^"]+" was not provided\.$/, 'is required')
    .replace(/(cannot represent[^:]*?value)(: .*)?$/s, '$1')
    .replace(/^Value ".*" does not exist/s, 'The value does not exist');
}

/** A GraphQL error message without values; for a variable's error, also the field it is about. */
export function withoutValues(message: string, reason: string): { message: string; field?: string } {
  const variable = /^Variable "\$(\w+)" got invalid value /.exec(message);
  if (!variable || !reason || !message.endsWith(`; ${reason}`)) return { message: reasonWithoutValues(message) };
  const prefix = message.slice(0, -(reason.length + 2));
  const at = / at "([^"]+)"$/.exec(prefix);
  // A missing or unknown field is reported on its parent object: name the field itself.
  const named = /^Field "(\w+)" of required type/.exec(reason)?.[1] ?? unknownFieldOf(reason);
  const field = `${(at ? at[1] : variable[1]).replace(/\[(\d+)\]/g, '.$1')}${named ? `.${named}` : ''}`;
  return { message: `${field}: ${reasonWithoutValues(reason)}`, field };
}
