// The baseline's connection pool, and the count of statements it sends (the runner reads it at
// /metrics with the count of requests, as it reads the server's Prometheus counters). Every statement is a named prepared
// statement: parsed and planned once per connection, as a careful engineer would have it.
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
let statements = 0;

export const statementsSent = () => statements;

export async function runPrepared<T extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<T[]> {
  statements += 1;
  return (await pool.query<T>({ name, text, values })).rows;
}
