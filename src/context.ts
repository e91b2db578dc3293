// Per-request context: who is calling and fresh DataLoaders. The Prisma client is a module
// singleton (src/db.ts), never on the context.
import type { YogaInitialContext } from 'graphql-yoga';
import type { ApiKey } from './auth/api-keys.js';
import type { SentValues } from './auth/personal-data.js';
import { createLoaders, type Loaders } from './loaders.js';
import { apiKeyOf } from './plugins/use-api-key-auth.js';

export interface Context extends YogaInitialContext {
  apiKey: ApiKey | null;
  loaders: Loaders;
  /** Values this request wrote, which its response may echo (see auth/personal-data.ts). */
  sent: SentValues;
}

export function createContext(initial: YogaInitialContext): Context {
  return { ...initial, apiKey: apiKeyOf(initial.request) ?? null, loaders: createLoaders(), sent: new Map() };
}
