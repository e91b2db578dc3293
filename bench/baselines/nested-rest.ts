// Baseline of the nested REST read (bench/scenarios/nested-rest.ts): GET /api/leads?depth=3 with
// every field, Payload's list envelope included, in one statement. The field lists come from the
// entity descriptions (bench/baselines/json-fields.ts), the shape is written out here: a lead with
// its sales rep (agent, address and city, credit bands, templates), its consumer (addresses and
// cities, also under the CRM's name `customers`) and its favorites (spec). A relation at depth 0
// is its key, which for a city is { name, state } from the address's own columns.
import { entities } from '../../src/model/entities.js';
import { runPrepared } from './database.js';
import { jsonObject, scalarFields, selectList, timestampFields, type Field } from './json-fields.js';

const document = (alias: string, entity: keyof typeof entities, more: Field[] = []) =>
  jsonObject([...scalarFields(alias, entities[entity]), ...timestampFields(alias), ...more]);

/** A city at depth 0 of a Payload document: its key columns, its state as a key, and timestamps. */
const cityAtDepthZero = (city: string) =>
  jsonObject([
    { name: 'stateCode', sql: `${city}."stateCode"` },
    { name: 'name', sql: `${city}.name` },
    { name: 'state', sql: `${city}."stateCode"` },
    ...timestampFields(city),
  ]);

const addressAtDepthOne = (address: string, city: string) => document(address, 'Address', [{ name: 'city', sql: cityAtDepthZero(city) }]);

const salesRep = `
  SELECT ${document('r', 'SalesRep', [
    { name: 'agent', sql: `(SELECT ${document('ag', 'Agent')} FROM "Agent" ag WHERE ag.id = r."agentId")` },
    {
      name: 'address',
      sql: `(SELECT ${addressAtDepthOne('ad', 'ci')} FROM "Address" ad JOIN "City" ci ON ci."stateCode" = ad."cityStateCode" AND ci.name = ad."cityName" WHERE ad.id = r."addressId")`,
    },
    {
      name: 'creditBands',
      sql: `(SELECT json_agg(${document('cb', 'CreditBand')} ORDER BY cb.id) FROM "_SalesRepCreditBands" x JOIN "CreditBand" cb ON cb.id = x."A" WHERE x."B" = r.id)`,
    },
    {
      name: 'templates',
      sql: `(SELECT json_agg(${document('t', 'Template')} ORDER BY t.id) FROM "_SalesRepTemplates" x JOIN "Template" t ON t.id = x."B" WHERE x."A" = r.id)`,
    },
  ])} AS doc
  FROM "SalesRep" r WHERE r.id = l."salesRepId"`;

const consumer = `
  SELECT ${document('c', 'Consumer', [
    {
      name: 'addresses',
      sql: `(SELECT json_agg(${addressAtDepthOne('ad', 'ci')} ORDER BY ad.id) FROM "_ConsumerAddresses" ca JOIN "Address" ad ON ad.id = ca."A"
             JOIN "City" ci ON ci."stateCode" = ad."cityStateCode" AND ci.name = ad."cityName" WHERE ca."B" = c.id)`,
    },
  ])} AS doc
  FROM "Consumer" c WHERE c.id = l."consumerId"`;

const favorites = `
  SELECT json_agg(${document('v', 'Vehicle', [{ name: 'spec', sql: `(SELECT ${document('s', 'VehicleSpec')} FROM "VehicleSpec" s WHERE s.id = v."specId")` }])} ORDER BY v.vin) AS docs
  FROM "_LeadFavorites" f JOIN "Vehicle" v ON v.vin = f."B" WHERE f."A" = l.id`;

// A Lead has 86 fields, more than json_build_object's 100 arguments hold: row_to_json over a select list.
const leadFields: Field[] = [
  ...scalarFields('l', entities.Lead),
  ...timestampFields('l'),
  { name: 'salesRep', sql: 'rep.doc' },
  { name: 'consumer', sql: 'consumer.doc' },
  { name: 'favorites', sql: 'favorites.docs' },
  // The CRM lead body's names for two of its facts.
  { name: 'phone', sql: 'l."phoneNumber"' },
  { name: 'customers', sql: 'consumer.doc' },
];

export const nestedLeadDocumentsSql = `
  WITH total AS (SELECT count(*)::int AS docs FROM "Lead")
  SELECT json_build_object(
    'docs', (SELECT coalesce(json_agg(json_strip_nulls(row_to_json(d)) ORDER BY d."createdAt", d.id), '[]') FROM (
      SELECT ${selectList(leadFields)}
      FROM (SELECT * FROM "Lead" ORDER BY "createdAt", id LIMIT $1) l
      LEFT JOIN LATERAL (${salesRep}) rep ON true
      LEFT JOIN LATERAL (${consumer}) consumer ON true
      LEFT JOIN LATERAL (${favorites}) favorites ON true) d),
    'totalDocs', total.docs, 'limit', $1::int, 'totalPages', ceil(total.docs / $1::numeric)::int, 'page', 1, 'pagingCounter', 1,
    'hasPrevPage', false, 'hasNextPage', total.docs > $1, 'prevPage', NULL, 'nextPage', CASE WHEN total.docs > $1 THEN 2 END)::text AS body
  FROM total`;

export async function nestedLeadDocuments(limit: number): Promise<string> {
  const [row] = await runPrepared<{ body: string }>('nested_lead_documents', nestedLeadDocumentsSql, [limit]);
  return row.body;
}
