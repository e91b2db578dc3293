// Statements built by the server from a fixed shape (REST documents, GraphQL operations answered by
// the database), prepared by name on each connection, at most this many: the first texts get names,
// later ones run unnamed (planned each time). A prepared page of leads at depth 3 holds about
// 1.6 MB of the PostgreSQL backend's memory (pg_backend_memory_contexts: CachedPlanSource,
// CachedPlanQuery, CachedPlan), so 32 of them are at most about 50 MB per connection.
import { queryPrepared } from '../db.js';

const maxPrepared = 32;
const preparedNames = new Map<string, string>();

export function runBuilt<Row>(sql: string, parameters: unknown[]): Promise<Row[]> {
  let name = preparedNames.get(sql);
  if (name === undefined && preparedNames.size < maxPrepared) {
    name = `built_read_${preparedNames.size}`;
    preparedNames.set(sql, name);
  }
  return queryPrepared<Row>(name, sql, parameters);
}
