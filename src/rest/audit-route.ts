// GET /api/audit?entity=Lead&key=<id>&actor=<key name>&limit=&before=: the audit trail (admin
// scope), newest first, as the GraphQL query auditTrail through the same pipeline as every REST call.
import { parse } from 'graphql';

export const auditTrailDocument = parse(`query RestAuditTrail($entity: String, $key: String, $actor: String, $first: Int, $before: String) {
  result: auditTrail(entity: $entity, key: $key, actor: $actor, first: $first, before: $before) { id at actor operation entity recordKey fields }
}`);

/** The query's variables from the query string, or the parameter that is not a number. */
export function auditTrailVariables(search: URLSearchParams): { variables: Record<string, unknown> } | { problem: string } {
  // One value each: a second would be dropped unseen, widening or narrowing the answer.
  const repeated = [...new Set(search.keys())].find((name) => search.getAll(name).length > 1);
  if (repeated !== undefined) return { problem: `${repeated}: give it once` };
  const limit = search.get('limit');
  if (limit !== null && !/^[0-9]{1,4}$/.test(limit)) return { problem: 'limit: must be a whole number of at most 4 digits (above 1000 it is read as 1000)' };
  const text = (name: string) => search.get(name) ?? undefined;
  return {
    variables: { entity: text('entity'), key: text('key'), actor: text('actor'), before: text('before'), first: limit === null ? undefined : Number(limit) },
  };
}
