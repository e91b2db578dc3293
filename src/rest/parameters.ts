// The query parameters each REST action reads. One table for the router, which refuses any other
// parameter with a 400 naming it (a parameter ignored would widen an answer: `?search=jeep`
// returned every lead), and for the OpenAPI document, which lists them.
import type { Problem } from '../errors.js';
import type { EntityDescription } from '../model/entity.js';
import { assignedColumns } from '../writes/assignment.js';
import type { Action } from './collections.js';

// Payload's `locale` and `fallback-locale` are accepted everywhere and ignored: no field is localized.
const everywhere = ['depth', 'select', 'populate', 'locale', 'fallback-locale'] as const;

const parametersOf: Record<Action | 'batch' | 'export', readonly string[]> = {
  batch: ['depth'],
  // `joins`: Payload's join fields (joins.ts); `joins=false` is taken on every collection.
  list: ['where', 'sort', 'limit', 'page', 'pagination', 'format', 'joins', ...everywhere],
  // A list as CSV or NDJSON (`format`, or an Accept header): every record, flat, so no paging or depth;
  // `select` chooses its columns.
  export: ['where', 'sort', 'format', 'select', 'locale', 'fallback-locale'],
  count: ['where', 'locale'],
  aggregate: ['where', 'groupBy', 'groupLimit', 'countDistinct', 'sum', 'avg', 'min', 'max', 'locale'],
  read: ['joins', ...everywhere],
  create: [...everywhere],
  update: [...everywhere],
  delete: [...everywhere],
  updateMany: ['where', ...everywhere],
  deleteMany: ['where', ...everywhere],
};

// `trash`, on the collections with a trash (model/entity.ts): records in it too, or, on a delete, a purge.
const trashActions: ReadonlySet<Action | 'batch' | 'export'> = new Set(['list', 'export', 'count', 'aggregate', 'read', 'delete']);
// `forceAssignment`, on the collections whose records get a sales rep (writes/assignment.ts).
const assignmentActions: ReadonlySet<Action | 'batch' | 'export'> = new Set(['create', 'update']);

/** The query parameters `action` reads on the collection of `entity`. */
export function parametersFor(action: Action | 'batch' | 'export', entity: EntityDescription): readonly string[] {
  return [
    ...parametersOf[action],
    ...(entity.trash && trashActions.has(action) ? ['trash'] : []),
    ...(assignedColumns(entity) && assignmentActions.has(action) ? ['forceAssignment'] : []),
  ];
}

/** The query parameters of the CRM's routes (README, CRM rules). */
export const crmParameters = {
  restore: everywhere,
  history: ['trash'],
  audit: ['entity', 'key', 'actor', 'limit', 'before'],
  export: [],
  erase: [],
  identify: [],
} as const satisfies Record<string, readonly string[]>;

// Why an export refuses what the JSON list takes: a demanding user asks for them, and gets the reason and the way.
const flat = 'an export is flat: a relation is its key column (salesRepId; select[salesRep]=true keeps it); read related records from the JSON list with depth';
const whole = 'an export holds every record where matches: narrow it with where, or page through the JSON list';
const exportRefusals = new Map([
  ['depth', flat],
  ['populate', flat],
  ['limit', whole],
  ['page', whole],
  ['pagination', whole],
]);

/** A problem for each parameter of `query` that `action` does not read. */
export function unknownParameters(action: Action | 'batch' | 'export', query: Record<string, unknown>, entity: EntityDescription): Problem[] {
  const problems = parametersOtherThan(parametersFor(action, entity), query);
  if (action !== 'export') return problems;
  return problems.map((problem) => (exportRefusals.has(problem.field) ? { field: problem.field, message: exportRefusals.get(problem.field)! } : problem));
}

/** A problem for each parameter of `query` not among `taken` (a Set lookup: names come from the request). */
export function parametersOtherThan(taken: readonly string[], query: Record<string, unknown>): Problem[] {
  const known = new Set(taken);
  return Object.keys(query).flatMap((name, index) =>
    known.has(name)
      ? []
      : {
          // The name is the caller's: given only when it is short and plain, else by its position.
          field: /^[\w-]{1,40}$/.test(name) ? name : `parameter ${index + 1}`,
          message:
            taken.length > 0
              ? `is not a query parameter of this route (it takes ${taken.join(', ')})`
              : 'is not a query parameter of this route (it takes none)',
        },
  );
}
