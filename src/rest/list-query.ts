// Payload's list parameters (`where`, `sort`, `limit`, `page`) as GraphQL arguments of
// `<plural>Page`. Query-string values are text; they are read as the field's type here, and every
// problem is reported with its parameter path (`where.year.greater_than: must be an integer`).
import { config } from '../config.js';
import type { Problem } from '../errors.js';
import type { EntityDescription, ScalarField } from '../model/entity.js';
import { maxPageNumber } from '../schema/crud.js';
import { filterLimitProblem } from '../schema/filter-limits.js';
import { entities } from '../model/entities.js';
import { own } from '../model/own.js';
import { instantOf, rules } from '../model/rules.js';
import { maxDepth } from './depth.js';
import { filterableFields } from '../schema/filters.js';
import { propertyPathProblem } from '../model/properties.js';
import { decimalNumber } from '../model/decimal-text.js';

type Filter = Record<string, unknown>;

// Payload's operator names and the filter's. A Map: the name comes from the query string, and
// `constructor` or `toString` is a property of every plain object.
const operators = new Map([
  ['equals', 'equals'],
  ['not_equals', 'not'],
  ['in', 'in'],
  ['not_in', 'notIn'],
  ['like', 'like'],
  ['not_like', 'like'],
  ['contains', 'contains'],
  ['all', 'hasEvery'],
  ['greater_than', 'gt'],
  ['greater_than_equal', 'gte'],
  ['less_than', 'lt'],
  ['less_than_equal', 'lte'],
  ['exists', 'exists'],
]);
const operatorList = [...operators.keys()].join(', ');

const timestamp: ScalarField = { type: 'String', description: 'timestamp' };

/** The column a REST name filters or sorts: a field, an alias, or a relation's foreign key. */
export function columnFor(entity: EntityDescription, name: string): string | undefined {
  const canonical = own(entity.aliases, name) ?? name;
  if (own(filterableFields(entity), canonical) || canonical === 'createdAt' || canonical === 'updatedAt') return canonical;
  const relation = own(entity.relations, canonical);
  return relation && !relation.list && relation.columns!.length === 1 ? relation.columns![0] : undefined;
}

function readValue(field: ScalarField, raw: unknown, path: string, problems: Problem[], isTimestamp: boolean): unknown {
  if (typeof raw !== 'string') {
    problems.push({ field: path, message: 'must be a single value' });
    return undefined;
  }
  // PostgreSQL text cannot hold U+0000: said here, with the parameter's path, not by the database.
  if (raw.includes('\u0000')) {
    problems.push({ field: path, message: 'must not contain the NUL character' });
    return undefined;
  }
  if (isTimestamp) {
    // A day alone is its first instant, in UTC, as Payload takes a date for a date field.
    const instant = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw;
    // The DateTime scalar's own rule, said here with the parameter's path (where.createdAt.greater_than).
    const read = instantOf(instant);
    if ('problem' in read) problems.push({ field: path, message: read.problem });
    return instant;
  }
  switch (field.type) {
    case 'Int':
      if (!/^-?\d{1,9}$/.test(raw)) problems.push({ field: path, message: 'must be an integer' });
      return Number(raw);
    case 'Float': {
      const number = decimalNumber(raw);
      if (number === undefined) problems.push({ field: path, message: 'must be a number in decimal notation' });
      return number;
    }
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

const propertyOperators = new Map([
  ['equals', 'in'],
  ['in', 'in'],
  ['exists', 'exists'],
  ['greater_than', 'gt'],
  ['greater_than_equal', 'gte'],
  ['less_than', 'lt'],
  ['less_than_equal', 'lte'],
]);

// A query string holds text: `4` may mean the text or the number, `true` the text or the boolean.
// A property matches any of the readings.
function readingsOf(raw: string): (string | number | boolean)[] {
  const readings: (string | number | boolean)[] = [raw];
  const number = decimalNumber(raw);
  if (number !== undefined) readings.push(number);
  if (raw === 'true' || raw === 'false') readings.push(raw === 'true');
  return readings;
}

/** `where[properties.vehicle.vin][equals]=...`: a condition on one property of a JSON field. */
function propertyFilter(field: string, keyPath: string, conditions: unknown, path: string, problems: Problem[]): Filter | undefined {
  const pathProblem = propertyPathProblem(keyPath);
  if (pathProblem) {
    problems.push({ field: path, message: `names a property by ${pathProblem}` });
    return undefined;
  }
  if (!conditions || typeof conditions !== 'object' || Array.isArray(conditions) || Object.keys(conditions).length === 0) {
    problems.push({ field: path, message: `needs an operator: ${[...propertyOperators.keys()].join(', ')}` });
    return undefined;
  }
  const condition: Filter = { path: keyPath };
  const readings: (string | number | boolean)[] = [];
  for (const [operator, raw] of Object.entries(conditions)) {
    const target = propertyOperators.get(operator);
    const operatorPath = `${path}.${operator}`;
    if (!target) {
      problems.push({ field: operatorPath, message: `is not an operator for a property: use ${[...propertyOperators.keys()].join(', ')}` });
    } else if (target === 'in') {
      for (const value of operator === 'in' ? listOf(raw) : [raw]) {
        if (typeof value === 'string') readings.push(...readingsOf(value));
        else problems.push({ field: operatorPath, message: 'must be a single value' });
      }
    } else if (target === 'exists') {
      condition.exists = readValue({ type: 'Boolean', description: '' }, raw, operatorPath, problems, false);
    } else {
      condition[target] = readValue({ type: 'Float', description: '' }, raw, operatorPath, problems, false);
    }
  }
  // equals and in together: the property must be among the readings of both.
  const both = Object.hasOwn(conditions, 'equals') && Object.hasOwn(conditions, 'in');
  if (both) problems.push({ field: path, message: 'give equals or in, not both' });
  if (readings.length > 0) condition.in = readings;
  return { [field]: condition };
}

/**
 * The filter of one where key: a field (`firstName`), or a path through relations to one
 * (`salesRep.agent.model`), at most maxDepth relations deep, as REST's depth reaches.
 */
function pathFilter(entity: EntityDescription, name: string, conditions: unknown, path: string, problems: Problem[]): Filter | undefined {
  const steps = name.split('.');
  const hops: string[] = [];
  let target = entity;
  for (const [index, step] of steps.slice(0, -1).entries()) {
    // A JSON field ends the walk: what follows names one of its properties.
    if (own(target.scalars, step)?.type === 'JSON') {
      const leaf = propertyFilter(step, steps.slice(index + 1).join('.'), conditions, path, problems);
      return leaf && hops.reduceRight<Filter>((inner, hop) => ({ [hop]: inner }), leaf);
    }
    const canonical = own(target.aliases, step) ?? step;
    const relation = own(target.relations, canonical);
    if (!relation || hops.length === maxDepth) {
      problems.push({ field: path, message: `is not a field ${entity.name}s can be filtered by` });
      return undefined;
    }
    hops.push(canonical);
    target = entities[relation.target];
  }
  const leaf = fieldFilter(target, steps.at(-1)!, conditions, path, problems, entity);
  return leaf && hops.reduceRight<Filter>((inner, hop) => ({ [hop]: inner }), leaf);
}

function fieldFilter(entity: EntityDescription, name: string, conditions: unknown, path: string, problems: Problem[], root = entity): Filter | undefined {
  const column = columnFor(entity, name);
  if (!column) {
    problems.push({ field: path, message: `is not a field ${root.name}s can be filtered by` });
    return undefined;
  }
  if (!conditions || typeof conditions !== 'object' || Array.isArray(conditions) || Object.keys(conditions).length === 0) {
    problems.push({ field: path, message: `needs an operator: ${operatorList}` });
    return undefined;
  }
  if (filterableFields(entity)[column]?.type === 'JSON') {
    problems.push({ field: path, message: `is a JSON object: filter one of its properties, such as where[${column}.vin][equals]=...` });
    return undefined;
  }
  const isTimestamp = column === 'createdAt' || column === 'updatedAt' || filterableFields(entity)[column]?.type === 'DateTime';
  const field = isTimestamp ? timestamp : filterableFields(entity)[column];
  const condition: Filter = {};
  const filter: Filter = { [column]: condition };
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
      // A list field matches when it holds the value (equals, contains, like), any of them (in) or all of them (all).
      const values = operator === 'in' || operator === 'all' ? listOf(raw) : [raw];
      const items = values.map((value) => readValue({ ...field, list: false }, value, operatorPath, problems, false));
      if (operator === 'in') condition.hasSome = items;
      else if (operator === 'all') condition.hasEvery = items;
      else if (['equals', 'contains', 'like'].includes(operator)) condition.has = items[0];
      else problems.push({ field: operatorPath, message: 'lists can be filtered with equals, contains, like, in, all and exists' });
      continue;
    }
    if (operator === 'all') {
      problems.push({ field: operatorPath, message: 'is for fields that hold lists: use in for any of several values' });
    } else if (operator === 'not_like') {
      // Not every word of it: the like condition, negated.
      filter.NOT = { [column]: { like: readValue(field, raw, operatorPath, problems, isTimestamp) } };
    } else if (operator === 'in' || operator === 'not_in') {
      condition[target] = listOf(raw).map((value) => readValue(field, value, operatorPath, problems, isTimestamp));
    } else {
      condition[target] = readValue(field, raw, operatorPath, problems, isTimestamp);
    }
  }
  if (Object.keys(condition).length === 0 && filter.NOT) delete filter[column];
  return filter;
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
      part = pathFilter(entity, name, value, `${path}.${name}`, problems);
    }
    for (const [key, condition] of Object.entries(part ?? {})) {
      if (Object.hasOwn(filter, key)) repeated.push({ [key]: condition });
      else filter[key] = condition;
    }
  }
  if (repeated.length > 0) filter.AND = [...((filter.AND as Filter[] | undefined) ?? []), ...repeated];
  return filter;
}

export function readSort(entity: EntityDescription, raw: unknown, problems: Problem[]) {
  if (raw === undefined) return undefined;
  const terms = listOf(raw).filter(Boolean);
  return terms.flatMap((term, index) => {
    const descending = typeof term === 'string' && term.startsWith('-');
    const column = typeof term === 'string' ? columnFor(entity, descending ? term.slice(1) : term) : undefined;
    const field = column ? filterableFields(entity)[column] : undefined;
    // Personal data is never an ordering (the order would tell what the mask hides), as in GraphQL's <E>Sort.
    if (!column || field?.list || field?.type === 'JSON' || field?.pii) {
      // The term's position, not the term: a message never repeats what the caller sent.
      const message = field?.pii
        ? `term ${index + 1} is personal data, which is never an ordering`
        : `term ${index + 1} is not a field ${entity.name}s can be sorted by (give fields that hold one value, with - for descending)`;
      problems.push({ field: 'sort', message });
      return [];
    }
    return [{ field: column, direction: descending ? ('DESC' as const) : ('ASC' as const) }];
  });
}

function readWhole(raw: unknown, name: string, fallback: number, min: number, max: number, problems: Problem[]): number {
  if (raw === undefined || raw === '') return fallback;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) {
    problems.push({ field: name, message: `must be a whole number from ${min} to ${max}${name === 'limit' ? ' (0: all of them)' : ''}` });
    return fallback;
  }
  return value;
}

function readPagination(raw: unknown, problems: Problem[]): boolean {
  if (raw === undefined || raw === 'true') return true;
  if (raw !== 'false') problems.push({ field: 'pagination', message: 'must be true or false' });
  return false;
}

export interface ListArguments {
  filter?: Filter;
  orderBy?: { field: string; direction: 'ASC' | 'DESC' }[];
  /** Documents per page; with `all`, the most to answer (0: no limit but the ceiling). */
  limit: number;
  page: number;
  /** `limit=0` or `pagination=false`: one answer from the first document, streamed. */
  all: boolean;
}

/** The filter of a `where` parameter (/count and the bulk routes read it alone). */
export function whereArgument(entity: EntityDescription, query: Record<string, unknown>, problems: Problem[]): Filter | undefined {
  const filter = query.where === undefined ? undefined : whereToFilter(entity, query.where, 'where', problems);
  const tooMuch = filterLimitProblem(filter, 'where');
  if (tooMuch) problems.push(tooMuch);
  return filter;
}

/** The list arguments of a query string read by parseQueryString (query-string.ts). */
export function listArguments(entity: EntityDescription, query: Record<string, unknown>, problems: Problem[]): ListArguments {
  const paginated = readPagination(query.pagination, problems);
  // Without pagination and a limit, every document (up to the ceiling).
  const limit = readWhole(query.limit, 'limit', paginated ? 10 : 0, 0, config.restListCeiling, problems);
  return {
    filter: whereArgument(entity, query, problems),
    orderBy: readSort(entity, query.sort, problems),
    limit,
    page: readWhole(query.page, 'page', 1, 1, maxPageNumber, problems),
    all: limit === 0 || !paginated,
  };
}
