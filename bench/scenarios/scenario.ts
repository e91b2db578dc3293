// What a benchmark scenario is: the request each side answers, how many clients send it, and
// which two sides its ratio compares. The same request definitions serve the timing (bench/run.ts),
// the check that both sides answer alike (bench/check.ts) and the test that pins the server's SQL
// statement count per request (test/bench-statements.test.ts).

/** The server on PostgreSQL, the hand-written baseline on PostgreSQL, the server on PGlite. */
export type Side = 'server' | 'baseline' | 'pglite';

export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** A string made unique for this request (new ids); the check replaces it before comparing. */
  unique?: string;
}

export interface Scenario {
  name: string;
  title: string;
  /** The goal of issue 10, as a ratio. */
  goal: string;
  /** The sides, in the order each round times them. */
  sides: Side[];
  /** The ratio reported: the first side's requests per second over the second's. */
  ratio: [Side, Side];
  connections: number;
  /** Items (events) one request carries, for items per second. */
  itemsPerRequest?: number;
  /** A request as the server (on either database) is sent it, with this API key. */
  serverRequest(apiKey: string): BenchRequest;
  baselineRequest(): BenchRequest;
  /** The request the check sends, when it must be a fixed one rather than a random one. */
  checkRequests?: { server(apiKey: string): BenchRequest; baseline(): BenchRequest };
  /** Replaces values that differ by nature between two answers (a new id, the time of a write). */
  normalise?(answer: unknown): unknown;
}

export const json = { 'content-type': 'application/json' };
export const bearer = (apiKey: string) => ({ ...json, authorization: `Bearer ${apiKey}` });
export const graphqlBody = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

let sequence = 0;
const run = Math.random().toString(36).slice(2, 8);
/** A token no other request of this run has, for the ids a write creates. */
export function uniqueToken(): string {
  sequence += 1;
  return `${run}x${sequence}`;
}
