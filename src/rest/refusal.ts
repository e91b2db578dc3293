// A REST call its caller may not make at all is refused before anything of it is read: 401 without
// a key, 403 with a key that lacks the scope. Scope-auth would refuse it too, but only once the
// body had been read and validated, and a caller without a key learnt from the 400 which fields a
// collection requires. The scope follows from the root type the action runs as, as in the schema.
import { rootTypeScopes, type Scope } from '../auth/scopes.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import { apiKeyOf } from '../plugins/use-api-key-auth.js';
import type { Action, Collection } from './collections.js';
import { restError } from './errors.js';
import { rootTypeOfAction } from './operations.js';

/** The 401 or 403 answer to this call, or undefined when its caller may make it. */
export function refusalOf(request: Request, collection: Collection, action: Action): { status: number; body: object } | undefined {
  if (action === 'create' && collection.publicCreate) return undefined;
  // A change of many documents chooses them by a filter, which reads them (schema/bulk.ts).
  // A collection managed with another scope (event definitions: admin) needs it for every write.
  const writeScope = collection.entity.manageScope ?? rootTypeScopes.mutation;
  const scopeOf = (action: Action) => (rootTypeOfAction[action] === 'mutation' ? writeScope : rootTypeScopes[rootTypeOfAction[action]]);
  const needed = action === 'updateMany' || action === 'deleteMany' ? [rootTypeScopes.query, writeScope] : [scopeOf(action)];
  return refusalWithout(request, needed);
}

/** The 401 or 403 answer to a call that needs `needed`, or undefined when its caller holds them all. */
export function refusalWithout(request: Request, needed: readonly Scope[]): { status: number; body: object } | undefined {
  const key = apiKeyOf(request);
  const missing = needed.filter((scope) => !key?.scopes.includes(scope));
  if (missing.length === 0) return undefined;
  return restError([(key ? new ForbiddenError(missing.join(', ')) : new UnauthenticatedError()).toJSON()]);
}
