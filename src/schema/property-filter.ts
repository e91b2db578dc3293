// A filter on one property of a JSON field (`properties`) as Prisma conditions. Value and presence
// are found in the field's index column (`<field>Index`, a GIN-indexed text[] the write core fills
// from the object: model/properties.ts), so `equals`, `in` and `exists` are index lookups; numeric
// comparisons read the JSON at the path and keep to numbers (Prisma adds jsonb_typeof = 'number').
import { InputError, type Problem } from '../errors.js';
import { presenceEntry, propertyPathProblem, valueEntry, type PropertyValue } from '../model/properties.js';

type Condition = Record<string, unknown>;

const comparisons = new Set(['gt', 'gte', 'lt', 'lte']);

const isPropertyValue = (value: unknown): value is PropertyValue =>
  typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

/** The Prisma conditions of a property filter on the JSON field `field`; `path` names it in errors. */
export function propertyWhere(field: string, condition: Condition, path: string): Condition[] {
  const index = `${field}Index`;
  const problems: Problem[] = [];
  const keyPath = typeof condition.path === 'string' ? condition.path : '';
  const pathProblem = propertyPathProblem(keyPath);
  if (pathProblem) throw new InputError([{ field: `${path}.path`, message: pathProblem }]);
  const segments = keyPath.split('.');
  const clauses: Condition[] = [];
  const compared: Condition = {};
  const entryFor = (value: unknown, at: string) => {
    if (isPropertyValue(value)) return valueEntry(segments, value);
    problems.push({ field: at, message: 'must be a string, a number or true or false' });
    return '';
  };
  for (const [operator, operand] of Object.entries(condition)) {
    if (operator === 'path' || operand === null || operand === undefined) continue;
    const at = `${path}.${operator}`;
    if (operator === 'equals') clauses.push({ [index]: { has: entryFor(operand, at) } });
    else if (operator === 'in') clauses.push({ [index]: { hasSome: (operand as unknown[]).map((value, position) => entryFor(value, `${at}.${position}`)) } });
    else if (operator === 'exists') {
      const present = { [index]: { has: presenceEntry(segments) } };
      clauses.push(operand ? present : { NOT: present });
    } else if (comparisons.has(operator)) {
      // GraphQL reads 1e400 as Infinity, which Prisma's engine cannot take (it panicked, and the pool with it).
      if (typeof operand === 'number' && Number.isFinite(operand)) compared[operator] = operand;
      else problems.push({ field: at, message: 'must be a finite number' });
    } else problems.push({ field: at, message: 'is not an operator of a property filter' });
  }
  if (problems.length > 0) throw new InputError(problems);
  // No operator (or only nulls) would be no condition, matching every event: never a widened answer.
  if (clauses.length === 0 && Object.keys(compared).length === 0) {
    throw new InputError([{ field: path, message: 'needs an operator: equals, in, exists, gt, gte, lt or lte (null is none)' }]);
  }
  if (Object.keys(compared).length > 0) clauses.push({ [field]: { path: segments, ...compared } });
  return clauses;
}
