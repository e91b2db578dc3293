// Baseline of the nested GraphQL read (bench/scenarios/nested-graphql.ts): the same 12 fields of
// the first leads, in the same GraphQL response body, built by PostgreSQL in one statement. Each
// relation is one LATERAL subquery on the index of its key; list relations in key order, as the
// API promises.
import { runPrepared } from './database.js';

export const nestedLeadsSql = `
  SELECT json_build_object('data', json_build_object('leads', json_build_object('edges', coalesce(json_agg(
    json_build_object('node', json_build_object(
      'id', l.id, 'email', l.email, 'processStatuses', l."processStatuses",
      'salesRep', rep.doc, 'consumer', consumer.doc, 'favorites', favorites.docs))
    ORDER BY l."createdAt", l.id), '[]'))))::text AS body
  FROM (SELECT id, email, "processStatuses", "salesRepId", "consumerId", "createdAt" FROM "Lead" ORDER BY "createdAt", id LIMIT $1) l
  LEFT JOIN LATERAL (
    SELECT json_build_object('firstName', r."firstName", 'lastName', r."lastName") AS doc FROM "SalesRep" r WHERE r.id = l."salesRepId"
  ) rep ON true
  LEFT JOIN LATERAL (
    SELECT json_build_object('firstName', c."firstName", 'addresses', (
      SELECT coalesce(json_agg(json_build_object('zip', a.zip, 'city', json_build_object('name', a."cityName", 'state', json_build_object('code', a."cityStateCode"))) ORDER BY a.id), '[]')
      FROM "_ConsumerAddresses" ca JOIN "Address" a ON a.id = ca."A" WHERE ca."B" = c.id)) AS doc
    FROM "Consumer" c WHERE c.id = l."consumerId"
  ) consumer ON true
  LEFT JOIN LATERAL (
    SELECT coalesce(json_agg(json_build_object('vin', v.vin, 'spec', CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('make', s.make, 'model', s.model) END) ORDER BY v.vin), '[]') AS docs
    FROM "_LeadFavorites" f JOIN "Vehicle" v ON v.vin = f."B" LEFT JOIN "VehicleSpec" s ON s.id = v."specId" WHERE f."A" = l.id
  ) favorites ON true`;

export async function nestedLeads(first: number): Promise<string> {
  const [row] = await runPrepared<{ body: string }>('nested_leads', nestedLeadsSql, [first]);
  return row.body;
}
