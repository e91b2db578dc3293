// Payload's join fields: a collection's reverse relations, listed on its documents when asked for
// with `joins` (a consumer's and a sales rep's leads, an account's web events, a city's addresses,
// a state's cities, a spec's vehicles). `joins[leads][limit]=5&joins[leads][sort]=-createdAt&
// joins[leads][where][processStatuses][equals]=New&joins[leads][count]=true` gives each document
// `leads: {docs, hasNextPage, totalDocs}`, docs being the related records' keys (Payload's answer
// when depth is reached); `joins=false` asks for none, which is also what a request without
// `joins` gets: a join costs a statement, so it is there when asked for. The records are those the
// collection's own list shows (the trash left out), filtered by Payload's where with the same
// personal-data rules; one statement per join field answers every document of the answer.
import { queryPrepared } from '../db.js';
import type { Problem } from '../errors.js';
import { entities } from '../model/entities.js';
import type { EntityDescription, EntityName } from '../model/entity.js';
import { Parameters, whereSql } from '../schema/aggregates/where-sql.js';
import { listWhere } from '../schema/crud.js';
import { orderByFromInput } from '../schema/filters.js';
import { quoted } from '../writes/sql.js';
import { readSort, whereArgument } from './list-query.js';
import { keyOf } from './to-document.js';

type Row = Record<string, unknown>;

interface JoinField {
  /** The related records. */
  entity: EntityDescription;
  /** Their relation to the document's collection, whose foreign key ties them to it. */
  relation: string;
}

const join = (entity: EntityName, relation: string): JoinField => ({ entity: entities[entity], relation });

/** The join fields of each collection's documents (a Map: the names come from the request). */
export const joinFields: ReadonlyMap<EntityName, ReadonlyMap<string, JoinField>> = new Map([
  ['Consumer', new Map([['leads', join('Lead', 'consumer')]])],
  ['SalesRep', new Map([['leads', join('Lead', 'salesRep')]])],
  ['Account', new Map([['webEvents', join('WebEvent', 'account')]])],
  ['City', new Map([['addresses', join('Address', 'city')]])],
  ['State', new Map([['cities', join('City', 'state')]])],
  ['VehicleSpec', new Map([['vehicles', join('Vehicle', 'spec')]])],
]);

/** The most related records a join lists per document, and how many without `limit` (Payload's defaultLimit). */
export const joinLimit = { default: 10, max: 100 };

export interface JoinRequest {
  name: string;
  field: JoinField;
  limit: number;
  order: Record<string, 'asc' | 'desc'>[];
  where: Row;
  count: boolean;
}

const joinOptions = new Set(['limit', 'sort', 'where', 'count']);
const plain = (name: string) => (/^[\w-]{1,40}$/.test(name) ? name : 'this name');

/** The joins `raw` (the `joins` parameter) asks of `entity`'s documents; none for `false`. */
export function readJoins(
  entity: EntityDescription,
  raw: unknown,
  apiKey: { scopes: readonly string[] } | null,
  problems: Problem[],
): JoinRequest[] | undefined {
  const fields = joinFields.get(entity.name);
  if (raw === 'false') return [];
  if (!fields || !raw || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({
      field: 'joins',
      message: fields
        ? `must be false or name join fields, such as joins[${[...fields.keys()][0]}][limit]=5`
        : `can only be false: ${entity.name} documents have no join field`,
    });
    return undefined;
  }
  const requests: JoinRequest[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const at = `joins.${plain(name)}`;
    const field = fields.get(name);
    if (!field) {
      problems.push({ field: at, message: `is not a join field of ${entity.name} documents (they have ${[...fields.keys()].join(', ')})` });
      continue;
    }
    // joins[leads]=true: the join with Payload's defaults.
    const options: Row | undefined = value === 'true' ? {} : value && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : undefined;
    if (!options) {
      problems.push({ field: at, message: 'takes limit, sort, where and count, such as joins[leads][limit]=5' });
      continue;
    }
    for (const option of Object.keys(options)) {
      if (!joinOptions.has(option))
        problems.push({ field: `${at}.${plain(option)}`, message: 'is not an option of a join (it takes limit, sort, where, count)' });
    }
    const own: Problem[] = [];
    const limitText = options.limit;
    const limit = limitText === undefined ? joinLimit.default : typeof limitText === 'string' && /^\d{1,4}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= joinLimit.max)) own.push({ field: 'limit', message: `must be a whole number from 1 to ${joinLimit.max}` });
    const terms = readSort(field.entity, options.sort, own) ?? [];
    const filter = whereArgument(field.entity, { where: options.where }, own);
    if (options.count !== undefined && options.count !== 'true' && options.count !== 'false') own.push({ field: 'count', message: 'must be true or false' });
    problems.push(...own.map((problem) => ({ ...problem, field: `${at}.${problem.field}` })));
    if (own.length > 0) continue;
    // The list's own rules: the filter's limits, personal data only with pii:read, the trash left out.
    const where = listWhere({ apiKey, sent: new Map() }, field.entity, filter, false);
    requests.push({ name, field, limit, order: orderByFromInput(field.entity, terms), where, count: options.count === 'true' });
  }
  return requests;
}

/**
 * Adds each join to the documents (the answer's, at the top level), one statement per join: a
 * LATERAL join over the documents' keys takes each one's first `limit` related records (one more,
 * to know whether there is a next page) and, with `count`, their number.
 */
export async function addJoins(entity: EntityDescription, documents: Row[], joins: JoinRequest[]): Promise<void> {
  if (documents.length === 0) return;
  for (const request of joins) {
    const { entity: related, relation } = request.field;
    const columns = related.relations[relation].columns!;
    const parameters = new Parameters();
    // A document's key as the foreign key holds it (a city: its state code and name).
    const parentValues = entity.key.map((field) => documents.map((document) => keyValue(entity, document, field)));
    const unnest = parentValues.map((values) => parameters.add(values, 'text[]')).join(', ');
    const link = columns.map((column, index) => `t0.${quoted(column)} = p.v${index}`).join(' AND ');
    const condition = whereSql(related, 't0', request.where, parameters);
    const orderBy = request.order
      .map((term) => Object.entries(term)[0])
      .map(([name, direction]) => `t0.${quoted(name)} ${direction === 'desc' ? 'DESC' : 'ASC'}`);
    const keys = related.key.map((field, index) => `t0.${quoted(field)} AS k${index}`);
    const total = request.count ? ', count(*) OVER () AS total' : '';
    const names = entity.key.map((_, index) => `v${index}`).join(', ');
    const sql = `SELECT p.ordinality AS parent, g.* FROM unnest(${unnest}) WITH ORDINALITY AS p(${names}, ordinality) CROSS JOIN LATERAL (
      SELECT ${keys.join(', ')}, row_number() OVER (ORDER BY ${orderBy.join(', ')}) AS position${total}
      FROM ${quoted(related.name)} t0 WHERE (${link}) AND ${condition} ORDER BY ${orderBy.join(', ')} LIMIT ${parameters.add(request.limit + 1, 'int')}
    ) g ORDER BY p.ordinality, g.position`;
    const rows = await queryPrepared<Row>(undefined, sql, parameters.values);
    const answers = documents.map(() => ({ docs: [] as unknown[], hasNextPage: false, totalDocs: 0 }));
    for (const row of rows) {
      const answer = answers[Number(row.parent) - 1];
      answer.totalDocs = Number(row.total ?? 0);
      if (answer.docs.length === request.limit) answer.hasNextPage = true;
      else answer.docs.push(keyOf(related, Object.fromEntries(related.key.map((field, index) => [field, row[`k${index}`]]))));
    }
    documents.forEach((document, index) => {
      const { docs, hasNextPage, totalDocs } = answers[index];
      document[request.name] = request.count ? { docs, hasNextPage, totalDocs } : { docs, hasNextPage };
    });
  }
}

/** A key field of a document: a city's state code is `stateCode`, or its `state` (the code, or the state at depth). */
function keyValue(entity: EntityDescription, document: Row, field: string): unknown {
  if (document[field] !== undefined) return document[field];
  const state = entity.name === 'City' && field === 'stateCode' ? document.state : undefined;
  return state && typeof state === 'object' ? (state as Row).code : state;
}
