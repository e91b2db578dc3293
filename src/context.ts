// Per-request context: the request and fresh DataLoaders. The Prisma client is a module singleton
// (src/db.ts), never on the context.
import type { YogaInitialContext } from 'graphql-yoga';
import { createLoaders, type Loaders } from './loaders.js';

export interface Context extends YogaInitialContext {
  loaders: Loaders;
}

export function createContext(initial: YogaInitialContext): Context {
  return { ...initial, loaders: createLoaders() };
}
