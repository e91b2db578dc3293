// Baseline of the REST lookup by id (bench/scenarios/lookup-rest.ts): GET /api/webevents/<id> at
// depth 2, the commerce envelope { data, success } and no createdAt/updatedAt, in one statement. The
// account is at depth 1; its consumer and lead at depth 0, their relations as keys (a consumer's
// addresses and a lead's favorites as lists of keys, from the link tables' primary keys). A soft
// reference to a record that does not exist is its key.
import { entities } from '../../src/model/entities.js';
import { runPrepared } from './database.js';
import { isoTimestamp, jsonObject, scalarFields, selectList, type Field } from './json-fields.js';

const consumerAtDepthZero = jsonObject([
  ...scalarFields('c', entities.Consumer),
  { name: 'addresses', sql: `(SELECT json_agg(ca."A" ORDER BY ca."A") FROM "_ConsumerAddresses" ca WHERE ca."B" = c.id)` },
]);

// 86 fields: row_to_json over a select list (json_build_object takes at most 100 arguments).
const leadAtDepthZero = `(SELECT row_to_json(d) FROM (SELECT ${selectList([
  ...scalarFields('l', entities.Lead),
  { name: 'salesRep', sql: 'l."salesRepId"' },
  { name: 'consumer', sql: 'l."consumerId"' },
  { name: 'favorites', sql: `(SELECT json_agg(f."B" ORDER BY f."B") FROM "_LeadFavorites" f WHERE f."A" = l.id)` },
  { name: 'phone', sql: 'l."phoneNumber"' },
  { name: 'customers', sql: 'l."consumerId"' },
])}) d)`;

const accountAtDepthOne: Field[] = [
  ...scalarFields('a', entities.Account),
  { name: 'consumer', sql: `coalesce((SELECT ${consumerAtDepthZero} FROM "Consumer" c WHERE c.id = a."consumerId"), to_json(a."consumerId"))` },
  { name: 'lead', sql: `coalesce((SELECT ${leadAtDepthZero} FROM "Lead" l WHERE l.id = a."leadId"), to_json(a."leadId"))` },
];

export const webEventDocumentSql = `
  SELECT json_build_object('data', json_strip_nulls(json_build_object(
    'id', e.id, 'name', e.name, 'anonymousId', e."anonymousId", 'properties', e.properties,
    'timestamp', ${isoTimestamp('e."timestamp"')}, 'sentAt', ${isoTimestamp('e."sentAt"')},
    'receivedAt', ${isoTimestamp('e."receivedAt"')}, 'eventTime', ${isoTimestamp('e."eventTime"')},
    'account', coalesce((SELECT ${jsonObject(accountAtDepthOne)} FROM "Account" a WHERE a.id = e."accountId"), to_json(e."accountId")))),
    'success', true)::text AS body
  FROM "WebEvent" e WHERE e.id = $1`;

/** The document, or undefined when there is no such event (the server answers 404). */
export async function webEventDocument(id: string): Promise<string | undefined> {
  const [row] = await runPrepared<{ body: string }>('web_event_document', webEventDocumentSql, [id]);
  return row?.body;
}
