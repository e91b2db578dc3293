// Per-request context: who is calling and fresh DataLoaders. The Prisma client is a module
// singleton (src/db.ts), never on the context.
import type { YogaInitialContext } from 'graphql-yoga';
import type { ApiKey } from './auth/api-keys.js';
import { newWriteTrace, type WriteTrace } from './writes/write-trace.js';
import { createLoaders, type Loaders } from './loaders.js';
import { apiKeyOf } from './plugins/use-api-key-auth.js';

export interface Context extends YogaInitialContext {
  apiKey: ApiKey | null;
  loaders: Loaders;
  /** What this request wrote, which its response may show (see writes/write-trace.ts). */
  trace: WriteTrace;
}

export function createContext(initial: YogaInitialContext): Context {
  const apiKey = apiKeyOf(initial.request) ?? null;
  return { ...initial, apiKey, loaders: createLoaders(), trace: newWriteTrace(!!apiKey?.scopes.includes('write')) };
}
