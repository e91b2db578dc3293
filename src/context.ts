// Per-request context: who is calling and fresh DataLoaders. The Prisma client is a module
// singleton (src/db.ts), never on the context.
import type { YogaInitialContext } from 'graphql-yoga';
import type { ApiKey } from './auth/api-keys.js';
import type { SentValues } from './auth/personal-data.js';
import { writerOf, type Writer } from './writes/policy.js';
import { RecordBudget } from './writes/write.js';
import { createLoaders, type Loaders } from './loaders.js';
import { apiKeyOf } from './plugins/use-api-key-auth.js';

export interface Context extends YogaInitialContext {
  apiKey: ApiKey | null;
  loaders: Loaders;
  /** What the caller may do to records that exist, and see of them (writes/policy.ts). */
  writer: Writer;
  /** The records this request may still write. */
  budget: RecordBudget;
  /** Personal values this request wrote, which its answers may echo (auth/personal-data.ts). */
  sent: SentValues;
  /** When the request arrived: a web event's receivedAt. */
  receivedAt: Date;
}

export function createContext(initial: YogaInitialContext): Context {
  const apiKey = apiKeyOf(initial.request) ?? null;
  return {
    ...initial,
    apiKey,
    loaders: createLoaders(),
    writer: writerOf(apiKey),
    budget: new RecordBudget(),
    sent: new Map(),
    receivedAt: new Date(),
  };
}
