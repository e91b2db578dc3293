// How deep a list's filter may nest and how much it may hold, checked before anything else works
// on it: 60 levels of AND and OR made Prisma fail, 1,000 levels of NOT overflowed the stack, and
// each condition is SQL the database must plan. GraphQL filters and REST where alike.
import type { Problem } from '../errors.js';

// `values`: the items of every list in a filter (in, notIn, hasSome, hasEvery) together. Each is a
// bind parameter, and a statement holds at most 32,767 of them: 32,767 values answered 500.
export const filterLimits = { depth: 10, conditions: 100, values: 1_000 };

const combinators = new Set(['AND', 'OR', 'NOT']);

export const filterTooDeep = (path: string): Problem => ({
  field: path,
  message: `may nest AND, OR, NOT and relations at most ${filterLimits.depth} levels deep`,
});

const tooMany = (path: string): Problem => ({
  field: path,
  message: `may hold at most ${filterLimits.conditions} conditions (each operator on a field, and each filter in AND, OR or NOT, counts one)`,
});

const tooManyValues = (path: string): Problem => ({
  field: path,
  message: `may hold at most ${filterLimits.values} values in all its lists (in, notIn, hasSome, hasEvery)`,
});

/** A filter, rather than a field's operators: its values are objects (conditions), not operands. */
const isFilter = (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).some((inner) => typeof inner === 'object' && inner !== null && !Array.isArray(inner));

/** The first limit the filter goes past, as a problem of `path`; undefined when it keeps within them. */
export function filterLimitProblem(filter: unknown, path: string): Problem | undefined {
  let conditions = 0;
  let values = 0;
  // Recursion ends one level past the limit, so no filter can make it deep.
  const visit = (node: unknown, depth: number): Problem | undefined => {
    if (!node || typeof node !== 'object') return undefined;
    for (const [name, value] of Object.entries(node)) {
      if (value === null || value === undefined) continue;
      if (combinators.has(name)) {
        if (depth === filterLimits.depth) return filterTooDeep(path);
        for (const inner of Array.isArray(value) ? value : [value]) {
          conditions += 1;
          if (conditions > filterLimits.conditions) return tooMany(path);
          const problem = visit(inner, depth + 1);
          if (problem) return problem;
        }
      } else if (isFilter(value)) {
        // A condition on a related record (`salesRep: { firstName: ... }`) is a level too.
        if (depth === filterLimits.depth) return filterTooDeep(path);
        conditions += 1;
        if (conditions > filterLimits.conditions) return tooMany(path);
        const problem = visit(value, depth + 1);
        if (problem) return problem;
      } else {
        conditions += typeof value === 'object' ? Object.keys(value).length : 1;
        if (conditions > filterLimits.conditions) return tooMany(path);
        for (const [operator, operand] of typeof value === 'object' ? Object.entries(value) : []) {
          values += Array.isArray(operand) ? operand.length : 0;
          if (values > filterLimits.values) return tooManyValues(`${path}.${name}.${operator}`);
        }
      }
    }
    return undefined;
  };
  return visit(filter, 0);
}
