// Aggregates on every root connection, in the shape of PostGraphile's aggregates plugin:
//
//   webEvents(filter: {...}) {
//     aggregate { count countDistinct(field: accountId) }
//     groupedAggregates(groupBy: [{ field: eventTime, truncate: DAY }]) { keys count }
//   }
//
// `aggregate` is the whole filtered list, `groupedAggregates` one entry per group in key order;
// each is one SQL statement (statement.ts) whatever numbers it asks for, read from its selection.
// The filter is the list's own, with the same scope and personal-data rules: no group, distinct
// count or number over a personal field without `pii:read`.
import { builder } from '../../builder.js';
import { config } from '../../config.js';
import { mayReadPersonalData } from '../../auth/personal-data.js';
import type { Context } from '../../context.js';
import { ForbiddenError, InputError, type Problem } from '../../errors.js';
import type { EntityDescription, ScalarField } from '../../model/entity.js';
import { selectedFields } from '../selected-fields.js';
import { filterableFields } from '../filters.js';
import {
  AggregateOutOfRange,
  aggregateFieldOf,
  aggregateFunctions,
  runAggregate,
  specName,
  timeUnits,
  type AggregateRow,
  type AggregateSpec,
  type GroupTerm,
} from './statement.js';

/** The most groups one groupedAggregates answers, and how many when `first` is not given: a list's sizes, as the cost limit counts it. */
export const groupsPage = config.listSize;

export const TimeTruncation = builder.enumType('TimeTruncation', {
  description: 'The start of the hour, day, week (ISO: from Monday) or month of a date or an instant, in UTC',
  values: timeUnits,
});

/** What an aggregate's parent (a connection's answer) carries: the list's Prisma where. */
export interface AggregateSource {
  where: Record<string, unknown>;
}

const isNumeric = (field: ScalarField) => !field.list && (field.type === 'Int' || field.type === 'Float');

function aggregatableFields(entity: EntityDescription): string[] {
  const fields = Object.entries(filterableFields(entity))
    .filter(([, field]) => !field.list && field.type !== 'JSON')
    .map(([name]) => name);
  return [...new Set([...fields, 'createdAt', 'updatedAt'])];
}

const numericFields = (entity: EntityDescription) =>
  Object.entries(filterableFields(entity))
    .filter(([, field]) => isNumeric(field))
    .map(([name]) => name);

function checkPersonal(context: Context, entity: EntityDescription, field: string, use: string) {
  if (aggregateFieldOf(entity, field)?.pii && !mayReadPersonalData(context)) throw new ForbiddenError(`pii:read, to ${use} ${field}`);
}

/** The numbers a selection of an aggregate type asks for. */
function specsOf(context: Context, entity: EntityDescription, selected: ReturnType<typeof selectedFields>): AggregateSpec[] {
  const known = new Set<string>(aggregateFunctions);
  return selected
    .filter(({ name }) => known.has(name))
    .map(({ name, args }) => {
      const spec = { fn: name as AggregateSpec['fn'], field: args.field as string | undefined };
      if (spec.field !== undefined)
        checkPersonal(context, entity, spec.field, name === 'countDistinct' ? 'count the distinct values of' : `take the ${name} of`);
      return spec;
    });
}

/**
 * A sum or average beyond a double's range: an error on its own field (the other numbers are
 * answered), naming the function and the field. Added up in numeric it never overflows part-way;
 * it is only the answer, a JSON or GraphQL number (a double), that cannot hold it.
 */
function outOfRangeError({ fn, field }: AggregateSpec) {
  return new InputError([
    {
      field: `${fn}.${field}`,
      message: `the ${fn === 'avg' ? 'average' : fn} of ${field} over these records is beyond the range of a number (a double, ±1.7976931348623157e308): narrow the filter`,
    },
  ]);
}

function checkGroups(context: Context, entity: EntityDescription, groupBy: GroupTerm[], first: number) {
  const problems: Problem[] = [];
  if (groupBy.length === 0) problems.push({ field: 'groupBy', message: 'must name at least one field' });
  if (!Number.isInteger(first) || first < 1 || first > groupsPage.max) problems.push({ field: 'first', message: `must be from 1 to ${groupsPage.max}` });
  groupBy.forEach((term, index) => {
    const field = aggregateFieldOf(entity, term.field)!;
    if (field.encrypted) problems.push({ field: `groupBy.${index}.field`, message: `${term.field} is stored encrypted: count its distinct values instead` });
    if (term.truncate && field.type !== 'DateTime' && field.type !== 'Date') {
      problems.push({ field: `groupBy.${index}.truncate`, message: `applies to a date or an instant; ${term.field} is neither` });
    } else if (term.truncate === 'HOUR' && field.type === 'Date') {
      problems.push({ field: `groupBy.${index}.truncate`, message: `${term.field} is a calendar date: truncate it to DAY, WEEK or MONTH` });
    }
  });
  if (problems.length) throw new InputError(problems);
  for (const term of groupBy) checkPersonal(context, entity, term.field, 'group by');
}

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type FieldsBuilder = PothosSchemaTypes.ObjectFieldBuilder<Types, AggregateRow>;
type ConnectionBuilder = PothosSchemaTypes.ObjectFieldBuilder<Types, AggregateSource>;

function leaves(t: FieldsBuilder, Field: object, Numeric: object | undefined) {
  const value = (row: AggregateRow, fn: AggregateSpec['fn'], field?: string) => {
    const found = row.values.get(specName({ fn, field })) ?? null;
    if (found instanceof AggregateOutOfRange) throw outOfRangeError(found.spec);
    return found;
  };
  const numbers = Numeric
    ? Object.fromEntries(
        (['sum', 'avg', 'min', 'max'] as const).map((fn) => [
          fn,
          t.float({
            nullable: true,
            description: `The ${fn} of a numeric field over the records (null when none has a value)`,
            args: { field: t.arg({ type: Numeric as never, required: true }) },
            resolve: (row, args) => value(row, fn, args.field as string),
          }),
        ]),
      )
    : {};
  return {
    count: t.int({ description: 'How many records', resolve: (row) => value(row, 'count') ?? 0 }),
    countDistinct: t.int({
      description: 'How many different values the field has among the records (no value is not counted)',
      args: { field: t.arg({ type: Field as never, required: true }) },
      resolve: (row, args) => value(row, 'countDistinct', args.field as string) ?? 0,
    }),
    ...numbers,
  };
}

interface AggregateTypes {
  Field: object;
  Numeric: object | undefined;
  GroupBy: object;
  Aggregate: object;
  Group: object;
}

// Made once per entity: a root connection and the nested connections of the same records share them.
const typesByEntity = new Map<string, AggregateTypes>();

function aggregateTypes(entity: EntityDescription): AggregateTypes {
  const made = typesByEntity.get(entity.name);
  if (made) return made;
  const Field = builder.enumType(`${entity.name}AggregateField`, {
    description: `A field of ${entity.name} to count distinct values of or group by`,
    values: aggregatableFields(entity),
  });
  const numeric = numericFields(entity);
  const Numeric = numeric.length
    ? builder.enumType(`${entity.name}NumericField`, { description: `A numeric field of ${entity.name}`, values: numeric })
    : undefined;
  const GroupBy = builder.inputType(`${entity.name}GroupBy`, {
    description: 'A group key: a field, and for a date or an instant optionally its hour, day, week or month',
    fields: (t) => ({
      field: t.field({ type: Field, required: true }),
      truncate: t.field({ type: TimeTruncation }),
    }),
  });
  const Aggregate = builder.objectRef<AggregateRow>(`${entity.name}Aggregate`).implement({
    description: `Numbers over the ${entity.name}s the list's filter matches`,
    fields: (t) => leaves(t, Field, Numeric) as never,
  });
  const Group = builder.objectRef<AggregateRow>(`${entity.name}AggregateGroup`).implement({
    description: `Numbers over one group of the ${entity.name}s the list's filter matches`,
    fields: (t) => ({
      keys: t.stringList({
        nullable: { list: false, items: true },
        description: "The group's values of the groupBy fields, in their order, as text (instants in ISO 8601 UTC); null for no value",
        resolve: (row) => row.keys,
      }),
      ...(leaves(t, Field, Numeric) as object),
    }),
  });
  const types = { Field, Numeric, GroupBy, Aggregate, Group };
  typesByEntity.set(entity.name, types);
  return types;
}

/** Answers an aggregate of a connection's records (`source`): one row for the whole list, or one per group. */
export type AggregateRunner<Source> = (
  source: Source,
  context: Context,
  specs: AggregateSpec[],
  groupBy?: GroupTerm[],
  first?: number,
) => Promise<AggregateRow[]>;

/** The `aggregate` and `groupedAggregates` fields of a connection of `entity`'s records, answered by `run`. */
export function aggregateFieldsWith<Source>(
  connection: PothosSchemaTypes.ObjectFieldBuilder<Types, Source>,
  entity: EntityDescription,
  run: AggregateRunner<Source>,
) {
  const { Aggregate, Group, GroupBy } = aggregateTypes(entity);
  return {
    aggregate: connection.field({
      type: Aggregate as never,
      description: `Numbers over all the ${entity.name}s of the list (not only this page), in one statement`,
      resolve: async (source, _args, context, info) => {
        const [row] = await run(source, context, specsOf(context, entity, selectedFields(info)));
        return row as never;
      },
    }),
    groupedAggregates: connection.field({
      type: [Group] as never,
      description: `Numbers per group of the ${entity.name}s of the list, in key order, in one statement`,
      args: {
        groupBy: connection.arg({ type: [GroupBy] as never, required: true }),
        first: connection.arg.int({ required: true, defaultValue: groupsPage.default, description: `How many groups, at most ${groupsPage.max}` }),
      },
      resolve: (source, args, context, info) => {
        const groupBy = args.groupBy as GroupTerm[];
        const first = args.first as number;
        checkGroups(context, entity, groupBy, first);
        return run(source, context, specsOf(context, entity, selectedFields(info)), groupBy, first) as never;
      },
    }),
  };
}

/** The `aggregate` and `groupedAggregates` fields of `entity`'s root connection: over what its filter matches. */
export function aggregateFields(connection: ConnectionBuilder, entity: EntityDescription) {
  return aggregateFieldsWith(connection, entity, (source, _context, specs, groupBy, first) => runAggregate(entity, source.where, specs, groupBy, first));
}
