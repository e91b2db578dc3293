// GET /api/<collection>/aggregate: the GraphQL connection's aggregates (schema/aggregates) through
// REST. The numbers are named by query parameters, each a list of fields separated by commas:
//
//   /api/webevents/aggregate?where[name][equals]=Login&groupBy=eventTime:day&countDistinct=accountId
//   /api/leads/aggregate?sum=monthlyPayment,cashDown&avg=monthlyPayment&groupBy=processStatuses
//
// `count` is always answered. Without groupBy: {count, countDistinct: {field: n}, sum: {...}, ...};
// with it: {groups: [{key: {field: value}, count, ...}]}, at most groupLimit groups in key order.
// Names are checked against the entity description (own entries only) before a GraphQL operation
// is written with them; the operation runs through the same pipeline as every REST call.
import { parse, type DocumentNode } from 'graphql';
import type { Problem } from '../errors.js';
import type { EntityDescription, ScalarField } from '../model/entity.js';
import { groupsPage } from '../schema/aggregates/fields.js';
import { aggregateFieldOf, timeUnits, type AggregateFunction, type GroupTerm, type TimeUnit } from '../schema/aggregates/statement.js';
import { columnFor, whereArgument } from './list-query.js';

/** The numbers a request may name besides count, and the parameter naming each. */
export const namedFunctions = ['countDistinct', 'sum', 'avg', 'min', 'max'] as const satisfies readonly AggregateFunction[];
type NamedFunction = (typeof namedFunctions)[number];

/** At most this many group keys, and numbers besides count, in one request. */
export const aggregateLimits = { groupBy: 5, numbers: 20 };

export interface AggregateArguments {
  filter: Record<string, unknown> | undefined;
  /** `?trash=true`: records in the trash too (on the collections with a trash). */
  trash?: boolean;
  groupBy: (GroupTerm & { name: string })[];
  groupLimit: number;
  /** Field names (columns) per function, and the name the request gave each (an alias: `phone`). */
  numbers: { fn: NamedFunction; column: string; name: string }[];
}

const units = new Map<string, TimeUnit>(timeUnits.map((unit) => [unit.toLowerCase(), unit]));

// A name is the caller's: echoed only when it is short and plain.
const shown = (name: string) => (/^[\w.-]{1,40}$/.test(name) ? name : 'this name');

function namesOf(raw: unknown, parameter: string, problems: Problem[]): string[] {
  if (raw === undefined) return [];
  if (typeof raw !== 'string' || raw.trim() === '') {
    problems.push({ field: parameter, message: 'must be field names separated by commas' });
    return [];
  }
  return raw.split(',').map((name) => name.trim());
}

const isNumeric = (field: ScalarField) => !field.list && (field.type === 'Int' || field.type === 'Float');
const isAggregatable = (field: ScalarField) => !field.list && field.type !== 'JSON';

/** The field a REST name stands for, when it may be aggregated that way; a problem otherwise. */
function fieldFor(entity: EntityDescription, name: string, numeric: boolean, at: string, problems: Problem[]): string | undefined {
  const column = columnFor(entity, name);
  const field = column === undefined ? undefined : aggregateFieldOf(entity, column);
  if (!column || !field || !(numeric ? isNumeric(field) : isAggregatable(field))) {
    const kind = numeric ? 'numeric field' : 'field that holds one value';
    problems.push({ field: at, message: `${shown(name)} is not a ${kind} of ${entity.name}` });
    return undefined;
  }
  return column;
}

export function aggregateArguments(entity: EntityDescription, query: Record<string, unknown>, problems: Problem[]): AggregateArguments {
  const groupBy = namesOf(query.groupBy, 'groupBy', problems).flatMap((term, index) => {
    const [name, unitName, ...rest] = term.split(':');
    const at = `groupBy.${index}`;
    const unit = unitName === undefined ? undefined : units.get(unitName.toLowerCase());
    if (rest.length > 0 || (unitName !== undefined && !unit)) {
      problems.push({ field: at, message: `must be a field, or a date or instant field and a unit: ${shown(name)}:day (hour, day, week, month)` });
      return [];
    }
    const column = fieldFor(entity, name, false, at, problems);
    return column ? [{ field: column, truncate: unit ?? null, name }] : [];
  });
  if (groupBy.length > aggregateLimits.groupBy) problems.push({ field: 'groupBy', message: `must name at most ${aggregateLimits.groupBy} fields` });
  const numbers = namedFunctions.flatMap((fn) =>
    namesOf(query[fn], fn, problems).flatMap((name, index) => {
      const column = fieldFor(entity, name, fn !== 'countDistinct', `${fn}.${index}`, problems);
      return column ? [{ fn, column, name }] : [];
    }),
  );
  if (numbers.length > aggregateLimits.numbers)
    problems.push({ field: 'countDistinct', message: `at most ${aggregateLimits.numbers} numbers in all besides count` });
  let groupLimit = groupsPage.default;
  if (query.groupLimit !== undefined) {
    groupLimit = typeof query.groupLimit === 'string' && /^\d{1,7}$/.test(query.groupLimit) ? Number(query.groupLimit) : Number.NaN;
    if (!(groupLimit >= 1 && groupLimit <= groupsPage.max)) problems.push({ field: 'groupLimit', message: `must be an integer from 1 to ${groupsPage.max}` });
    if (groupBy.length === 0) problems.push({ field: 'groupLimit', message: 'applies to groups: give groupBy' });
  }
  return { filter: whereArgument(entity, query, problems), groupBy, groupLimit, numbers };
}

const capitalized = (name: string) => name[0].toUpperCase() + name.slice(1);

// A few texts per collection in practice; kept by text so the same request parses once.
const parsed = new Map<string, DocumentNode>();
const maxParsed = 500;

/** The GraphQL operation of an aggregate request: field names as enum values, already checked. */
export function aggregateOperation(entity: EntityDescription, request: AggregateArguments): DocumentNode {
  const numbers = request.numbers.map(({ fn, column }, index) => `n${index}: ${fn}(field: ${column})`).join(' ');
  const grouped = request.groupBy.length > 0;
  const name = `RestAggregate${capitalized(entity.plural)}`;
  const trash = entity.trash ? { declaration: ', $trash: Boolean', argument: ', trash: $trash' } : { declaration: '', argument: '' };
  const text = grouped
    ? `query ${name}($filter: ${entity.name}Filter${trash.declaration}, $groupBy: [${entity.name}GroupBy!]!, $first: Int!) {
        result: ${entity.plural}(filter: $filter${trash.argument}) { groups: groupedAggregates(groupBy: $groupBy, first: $first) { keys count ${numbers} } } }`
    : `query ${name}($filter: ${entity.name}Filter${trash.declaration}) { result: ${entity.plural}(filter: $filter${trash.argument}) { aggregate { count ${numbers} } } }`;
  let document = parsed.get(text);
  if (!document) {
    document = parse(text);
    if (parsed.size < maxParsed) parsed.set(text, document);
  }
  return document;
}

export const aggregateVariables = (request: AggregateArguments) => ({
  filter: request.filter,
  ...(request.trash !== undefined && { trash: request.trash }),
  ...(request.groupBy.length > 0 && {
    groupBy: request.groupBy.map(({ field, truncate }) => ({ field, truncate })),
    first: request.groupLimit,
  }),
});

type Row = Record<string, unknown>;

/** A group key's text as the field's JSON value: numbers and booleans as themselves. */
function keyValue(field: ScalarField, text: string | null): unknown {
  if (text === null) return null;
  if (field.type === 'Int' || field.type === 'Float') return Number(text);
  if (field.type === 'Boolean') return text === 'true';
  return text;
}

function numbersOf(request: AggregateArguments, row: Row): Row {
  const body: Row = { count: row.count };
  request.numbers.forEach(({ fn, name }, index) => {
    body[fn] = { ...(body[fn] as Row | undefined), [name]: row[`n${index}`] };
  });
  return body;
}

/** The REST answer from the operation's data. */
export function aggregateAnswer(entity: EntityDescription, request: AggregateArguments, result: Row): Row {
  if (request.groupBy.length === 0) return numbersOf(request, result.aggregate as Row);
  return {
    groups: (result.groups as Row[]).map((group) => ({
      key: Object.fromEntries(
        request.groupBy.map(({ field, name }, index) => [name, keyValue(aggregateFieldOf(entity, field)!, (group.keys as (string | null)[])[index])]),
      ),
      ...numbersOf(request, group),
    })),
  };
}
