// Runs GraphQL operations over real HTTP semantics through the Yoga server, in process.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { onSqlStatement } from '../../src/db.js';
import { testApiKey } from './api-key.js';
import { subscribe, type Subscription } from './sse.js';
import { yoga } from '../../src/yoga.js';

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; problems?: { field: string; message: string }[] };
}

export interface Response<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLErrorBody[];
}

/** Sends the operation with a key that has every scope, unless `headers` says otherwise. */
export async function execute<T, V>(
  document: TypedDocumentNode<T, V> | DocumentNode | string,
  variables?: V,
  headers: Record<string, string> = {},
): Promise<Response<T>> {
  const query = typeof document === 'string' ? document : print(document);
  const response = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${await testApiKey()}`,
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GraphQLErrorBody[] };
  return { status: response.status, ...body };
}

/** Like execute, but fails the test on any error and returns the data. */
export async function ok<T, V>(document: TypedDocumentNode<T, V> | string, variables?: V): Promise<T> {
  const result = await execute(document, variables);
  if (result.errors?.length || !result.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}

/**
 * Runs `work` and returns how many SQL statements Prisma sent meanwhile. A request made first
 * creates the test's API key and warms the key cache, so the count is that of a steady server.
 */
export async function countStatements(work: () => Promise<unknown>): Promise<{ count: number; statements: string[] }> {
  await execute('{ __typename }');
  const statements: string[] = [];
  const stop = onSqlStatement((sql) => statements.push(sql));
  try {
    await work();
  } finally {
    stop();
  }
  return { count: statements.length, statements };
}

/** Opens a subscription through the Yoga server in process, as a client over server-sent events would. */
export const subscribeInProcess = (query: string, key: string, variables: object = {}): Promise<Subscription> =>
  subscribe((url, init) => Promise.resolve(yoga.fetch(url, init)), 'http://localhost/graphql', query, key, variables);
