// Root lists as Relay connections paged by keyset: a cursor carries the values of the ordering
// fields of its row, and the next page is "rows after these values", with a leading range on the
// first ordering field so PostgreSQL starts the index scan at the cursor. Prisma's own cursor
// compares against a subquery inside an OR, which PostgreSQL can only filter row by row: a page in
// the middle of a million events cost as much as an OFFSET (bench scenario 5).
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import { InputError } from '../errors.js';
import type { EntityDescription } from '../model/entity.js';

type Order = Record<string, 'asc' | 'desc'>[];
type Row = Record<string, unknown>;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

const dateFields = new Set(['createdAt', 'updatedAt']);

function encode(fields: string[], row: Row): string {
  const values = fields.map((field) => (row[field] instanceof Date ? (row[field] as Date).toISOString() : row[field]));
  return Buffer.from(JSON.stringify([fields.join(','), ...values])).toString('base64url');
}

function decode(entity: EntityDescription, fields: string[], cursor: string, argument: string): unknown[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  if (!Array.isArray(parts) || parts[0] !== fields.join(',') || parts.length !== fields.length + 1) {
    throw new InputError([{ field: argument, message: 'is not a cursor of this list in this order' }]);
  }
  return fields.map((field, index) => {
    const value = parts[index + 1];
    const scalarType = entity.scalars[field]?.type;
    const type = dateFields.has(field) || scalarType === 'Date' || scalarType === 'DateTime' ? 'date' : (scalarType ?? 'String');
    const date = type === 'date' && typeof value === 'string' ? new Date(value) : undefined;
    const fits =
      type === 'date'
        ? !!date && !Number.isNaN(date.getTime())
        : type === 'Int' || type === 'Float'
          ? typeof value === 'number' && Number.isFinite(value)
          : type === 'Boolean'
            ? typeof value === 'boolean'
            : typeof value === 'string';
    if (!fits) throw new InputError([{ field: argument, message: 'is not a cursor of this list in this order' }]);
    return date ?? value;
  });
}

/** Rows strictly after (or before) the cursor's values in the given order. */
function keysetWhere(order: Order, values: unknown[], forward: boolean): Row {
  const terms = order.map((term) => Object.entries(term)[0]);
  const comparator = (direction: 'asc' | 'desc', strict: boolean) => ((direction === 'asc') === forward ? (strict ? 'gt' : 'gte') : strict ? 'lt' : 'lte');
  const alternatives = terms.map(([field, direction], index) => ({
    AND: [
      ...terms.slice(0, index).map(([equalField], position) => ({ [equalField]: { equals: values[position] } })),
      { [field]: { [comparator(direction, true)]: values[index] } },
    ],
  }));
  const [firstField, firstDirection] = terms[0];
  return { AND: [{ [firstField]: { [comparator(firstDirection, false)]: values[0] } }, { OR: alternatives }] };
}

interface Options {
  entity: EntityDescription;
  args: ConnectionArgs;
  where: Row;
  order: Order;
  context: object;
  info: GraphQLResolveInfo;
  defaultSize: number;
  maxSize: number;
  /** false when the query selects no edges, nodes nor pageInfo (only totals or aggregates): no rows are read. */
  rowsWanted?: boolean;
  findMany: (query: Row) => Promise<Row[]>;
  count: (where: Row) => Promise<number>;
}

export async function keysetConnection({ entity, args, where, order, context, info, defaultSize, maxSize, rowsWanted = true, findMany, count }: Options) {
  for (const name of ['first', 'last'] as const) {
    if ((args[name] ?? 0) < 0) throw new InputError([{ field: name, message: 'must be 0 or more' }]);
  }
  const fields = order.map((term) => Object.keys(term)[0]);
  const backwards = args.last != null && args.first == null;
  const size = Math.min(args.first ?? args.last ?? defaultSize, maxSize);
  const conditions = [where];
  if (args.after) conditions.push(keysetWhere(order, decode(entity, fields, args.after, 'after'), true));
  if (args.before) conditions.push(keysetWhere(order, decode(entity, fields, args.before, 'before'), false));
  const reversed = order.map((term) => Object.fromEntries(Object.entries(term).map(([field, direction]) => [field, direction === 'asc' ? 'desc' : 'asc'])));
  // The nodes' selection, as plugin-prisma folds it, plus the fields the cursors are made of.
  const query = queryFromInfo({
    context,
    info,
    paths: [['edges', 'node'], ['nodes']],
    select: Object.fromEntries(fields.map((field) => [field, true])),
  }) as Row;
  const rows = !rowsWanted ? [] : await findMany({ ...query, where: { AND: conditions }, orderBy: backwards ? reversed : order, take: size + 1 });
  const more = rows.length > size;
  const page = rows.slice(0, size);
  if (backwards) page.reverse();
  const edges = page.map((row) => ({ cursor: encode(fields, row), node: row }));
  let total: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: backwards ? !!args.before : more,
      hasPreviousPage: backwards ? more : !!args.after,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: () => (total ??= count(where)),
  };
}
