// Per-request context. The Prisma client is a module singleton (src/db.ts), never on the context.
import type { YogaInitialContext } from 'graphql-yoga';

export interface Context extends YogaInitialContext {}

export function createContext(initial: YogaInitialContext): Context {
  return initial;
}
