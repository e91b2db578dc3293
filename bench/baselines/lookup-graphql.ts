// Baseline of the GraphQL lookup by id (bench/scenarios/lookup-graphql.ts): one web event with its
// account, the account's consumer and lead, in the GraphQL response body, in one statement on
// primary keys. The account, consumer and lead are soft references: a missing one is null.
import { isoTimestamp } from './json-fields.js';
import { runPrepared } from './database.js';

export const webEventLookupSql = `
  SELECT json_build_object('data', json_build_object('webEvent', CASE WHEN e.id IS NULL THEN NULL ELSE json_build_object(
    'id', e.id, 'name', e.name, 'anonymousId', e."anonymousId", 'createdAt', ${isoTimestamp('e."createdAt"')},
    'account', CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('id', a.id, 'anonymousIds', a."anonymousIds",
      'consumer', CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, 'firstName', c."firstName", 'lastName', c."lastName") END,
      'lead', CASE WHEN l.id IS NULL THEN NULL ELSE json_build_object('id', l.id, 'email', l.email, 'processStatuses', l."processStatuses") END) END) END))::text AS body
  FROM (SELECT $1::text AS id) wanted
  LEFT JOIN "WebEvent" e ON e.id = wanted.id
  LEFT JOIN "Account" a ON a.id = e."accountId"
  LEFT JOIN "Consumer" c ON c.id = a."consumerId"
  LEFT JOIN "Lead" l ON l.id = a."leadId"`;

export async function webEventLookup(id: string): Promise<string> {
  const [row] = await runPrepared<{ body: string }>('web_event_lookup', webEventLookupSql, [id]);
  return row.body;
}
