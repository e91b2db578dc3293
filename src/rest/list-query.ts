// Payload's list parameters (`where`, `sort`, `limit`, `page`) as GraphQL arguments of
// `<plural>Page`. Query-string values are text; they are read as the field's type here, and every
// problem is reported with its parameter path (`where.year.greater_than: must be an integer`).
import { config } from '../config.js';
import type { Problem } from '../errors.js';
import type { EntityDescription, ScalarField } from '../model/entity.js';
import { maxPageNumber } from '../schema/crud.js';
import { filterLimitProblem } from '../schema/filter-limits.js';
import { rules } from '../model/rules.js';
import { filterableFields } from '../schema/filters.js';

type Filter = Record<string, unknown>;

// Payload's operator names and the filter's. A Map: the name comes from the query string, and
// `constructor` or `toString` is a property of every plain object.
const operators = new Map([
  ['equals', 'equals'],
  ['not_equals', 'not'],
  ['in', 'in'],
  ['not_in', 'notIn'],
  ['like', 'like'],
  ['contains', 'contains'],
  ['greater_than', 'gt'],
  ['greater_than_equal', 'gte'],
  ['less_than', 'lt'],
  ['less_than_equal', 'lte'],
  ['exists', 'exists'],
]);
const operatorList = [...operators.keys()].join(', ');

const timestamp: ScalarField = { type: 'String', description: 'timestamp' };

/** The column a REST name filters or sorts: a field, an alias, or a relation's foreign key. */
function columnFor(entity: EntityDescription, name: string): string | undefined {
  const canonical = entity.aliases?.[name] ?? name;
  if (canonical in filterableFields(entity) || canonical === 'createdAt' || canonical === 'updatedAt') return canonical;
  const relation = entity.relations[canonical];
  return relation && !relation.list && relation.columns!.length === 1 ? relation.columns![0] : undefined;
}

function readValue(field: ScalarField, raw: unknown, path: string, problems: Problem[], isTimestamp: boolean): unknown {
  if (typeof raw !== 'string') {
    problems.push({ field: path, message: 'must be a single value' });
    return undefined;
  }
  if (isTimestamp) {
    if (Number.isNaN(Date.parse(raw))) problems.push({ field: path, message: 'must be an ISO 8601 date-time' });
    return raw;
  }
  switch (field.type) {
    case 'Int':
      if (!/^-?\d{1,9}$/.test(raw)) problems.push({ field: path, message: 'must be an integer' });
      return Number(raw);
    case 'Float':
      if (raw.trim() === '' || !Number.isFinite(Number(raw))) problems.push({ field: path, message: 'must be a number' });
      return Number(raw);
    case 'Boolean':
      if (raw !== 'true' && raw !== 'false') problems.push({ field: path, message: 'must be true or false' });
      return raw === 'true';
    case 'Date': {
      const problem = rules.date(raw);
      if (problem) problems.push({ field: path, message: problem });
      return raw;
    }
    default:
      return raw;
  }
}

function fieldFilter(entity: EntityDescription, name: string, conditions: unknown, path: string, problems: Problem[]): Filter | undefined {
  const column = columnFor(entity, name);
  if (!column) {
    problems.push({ field: path, message: `is not a field ${entity.name}s can be filtered by` });
    return undefined;
  }
  if (!conditions || typeof conditions !== 'object' || Array.isArray(conditions) || Object.keys(conditions).length === 0) {
    problems.push({ field: path, message: `needs an operator: ${operatorList}` });
    return undefined;
  }
  const isTimestamp = column === 'createdAt' || column === 'updatedAt';
  const field = isTimestamp ? timestamp : filterableFields(entity)[column];
  const condition: Filter = {};
  for (const [operator, raw] of Object.entries(conditions)) {
    const target = operators.get(operator);
    const operatorPath = `${path}.${operator}`;
    if (!target) {
      problems.push({ field: operatorPath, message: `is not an operator: use ${operatorList}` });
      continue;
    }
    if (operator === 'exists') {
      condition.exists = readValue({ type: 'Boolean', description: '' }, raw, operatorPath, problems, false);
      continue;
    }
    if (field.list) {
      // A list field matches when it holds the value (equals, contains, like) or any of them (in).
      const values = operator === 'in' ? listOf(raw) : [raw];
      const items = values.map((value) => readValue({ ...field, list: false }, value, operatorPath, problems, false));
      if (operator === 'in') condition.hasSome = items;
      else if (['equals', 'contains', 'like'].includes(operator)) condition.has = items[0];
      else problems.push({ field: operatorPath, message: 'lists can be filtered with equals, contains, like, in and exists' });
      continue;
    }
    if (operator === 'in' || operator === 'not_in') {
      condition[target] = listOf(raw).map((value) => readValue(field, value, operatorPath, problems, isTimestamp));
    } else {
      condition[target] = readValue(field, raw, operatorPath, problems, isTimestamp);
    }
  }
  return { [column]: condition };
}

// `in` takes a list as `in=a,b` or as `in[0]=a&in[1]=b`; anything else is one value, for readValue to refuse.
const listOf = (raw: unknown): unknown[] => (Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [raw]);

function whereToFilter(entity: EntityDescription, where: unknown, path: string, problems: Problem[]): Filter {
  // An empty filter would match everything: a condition not applied must never widen the answer.
  if (!where || typeof where !== 'object' || Array.isArray(where) || Object.keys(where).length === 0) {
    problems.push({ field: path, message: 'must be an object of fields and operators, such as where[name][equals]=Login' });
    return {};
  }
  // One filter object for one where object (every condition of a filter must hold), so the filter
  // nests exactly as deep as the where, for the nesting limit.
  const filter: Filter = {};
  const repeated: Filter[] = []; // a column named twice, by a field and its alias: both must hold
  for (const [name, value] of Object.entries(where)) {
    let part: Filter | undefined;
    if (name === 'and' || name === 'or') {
      const parts = Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : [];
      if (parts.length === 0) problems.push({ field: `${path}.${name}`, message: 'must be a list of conditions, such as where[or][0][name][equals]=Login' });
      part = { [name.toUpperCase()]: parts.map((inner, index) => whereToFilter(entity, inner, `${path}.${name}.${index}`, problems)) };
    } else {
      part = fieldFilter(entity, name, value, `${path}.${name}`, problems);
    }
    for (const [key, condition] of Object.entries(part ?? {})) {
      if (Object.hasOwn(filter, key)) repeated.push({ [key]: condition });
      else filter[key] = condition;
    }
  }
  if (repeated.length > 0) filter.AND = [...((filter.AND as Filter[] | undefined) ?? []), ...repeated];
  return filter;
}

function readSort(entity: EntityDescription, raw: unknown, problems: Problem[]) {
  if (raw === undefined) return undefined;
  const terms = listOf(raw).filter(Boolean);
  return terms.flatMap((term, index) => {
    const descending = typeof term === 'string' && term.startsWith('-');
    const column = typeof term === 'string' ? columnFor(entity, descending ? term.slice(1) : term) : undefined;
    if (!column || filterableFields(entity)[column]?.list) {
      // The term's position, not the term: a message never repeats what the caller sent.
      const message = `term ${index + 1} is not a field ${entity.name}s can be sorted by (give fields that hold one value, with - for descending)`;
      problems.push({ field: 'sort', message });
      return [];
    }
    return [{ field: column, direction: descending ? ('DESC' as const) : ('ASC' as const) }];
  });
}

function readPositive(raw: unknown, name: string, fallback: number, max: number, problems: Problem[]): number {
  if (raw === undefined || raw === '') return fallback;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 1 && value <= max)) {
    problems.push({ field: name, message: `must be a whole number from 1 to ${max}` });
    return fallback;
  }
  return value;
}

export interface ListArguments {
  filter?: Filter;
  orderBy?: { field: string; direction: 'ASC' | 'DESC' }[];
  limit: number;
  page: number;
}

/** The list arguments of a query string read by parseQueryString (query-string.ts). */
export function listArguments(entity: EntityDescription, query: Record<string, unknown>, problems: Problem[]): ListArguments {
  const filter = query.where === undefined ? undefined : whereToFilter(entity, query.where, 'where', problems);
  const tooMuch = filterLimitProblem(filter, 'where');
  if (tooMuch) problems.push(tooMuch);
  return {
    filter,
    orderBy: readSort(entity, query.sort, problems),
    limit: readPositive(query.limit, 'limit', 10, config.pageSize.max, problems),
    page: readPositive(query.page, 'page', 1, maxPageNumber, problems),
  };
}
