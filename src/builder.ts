// The Pothos schema builder and its plugins. It defines no types itself.
import SchemaBuilder, { type ArgBuilder, type ArgumentRef, type InputFieldRef } from '@pothos/core';
import PrismaPlugin, { type PrismaModelTypes, type PrismaObjectRef } from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { rootTypeScopes } from './auth/scopes.js';
import { config } from './config.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';
import type { Context } from './context.js';
import { reader } from './db.js';
import type PrismaTypes from './generated/pothos-types.js';
import { getDatamodel } from './generated/pothos-types.js';

// A refusal names the scopes it wanted, as keys are given them (`pii:read`): a field that needs
// several ($all, $any) lists each one its caller lacks.
type ScopeFailure = { kind: string; scope?: string; failures?: readonly ScopeFailure[] };
const scopeWords = new Map([['piiRead', 'pii:read']]);
function scopesNamed(failure: ScopeFailure): string {
  const scopes = failure.kind === 'AuthScope' && failure.scope ? [failure.scope] : (failure.failures ?? []).map(scopesNamed).filter(Boolean);
  return [...new Set(scopes.map((scope) => scopeWords.get(scope) ?? scope))].join(', ');
}

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Date: { Input: string; Output: Date };
    JSONObject: { Input: Record<string, unknown>; Output: unknown };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
  AuthScopes: { read: boolean; write: boolean; piiRead: boolean; admin: boolean };
}>({
  // Scope-auth first, so it wraps every resolver the other plugins make.
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  scopeAuth: {
    authScopes: ({ apiKey }) => ({
      read: !!apiKey?.scopes.includes('read'),
      write: !!apiKey?.scopes.includes('write'),
      piiRead: !!apiKey?.scopes.includes('pii:read'),
      admin: !!apiKey?.scopes.includes('admin'),
    }),
    unauthorizedError: (_parent, { apiKey }, _info, result) =>
      apiKey ? new ForbiddenError(scopesNamed(result.failure) || 'see the field') : new UnauthenticatedError(),
  },
  defaultFieldNullability: false,
  prisma: {
    // Relations it loads on its own follow the request's reads: the replica while it has written nothing.
    client: () => reader(),
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    defaultConnectionSize: config.pageSize.default,
    maxConnectionSize: config.pageSize.max,
    // A selection that was loaded but never used means a resolver forgot to spread `query`.
    onUnusedQuery: config.production ? null : 'warn',
  },
  relay: {
    // Entities keep their own `id` (wev_..., a VIN, a state code); the Relay global id is `nodeId`,
    // as in PostGraphile.
    idFieldName: 'nodeId',
    clientMutationId: 'omit',
    cursorType: 'String',
    // schema/node.ts makes node and nodes: one answer for every id that is not a record's.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});

// Reading and following changes need a key with `read`, writing one with `write`; fields that
// differ say so themselves.
builder.queryType({ authScopes: { [rootTypeScopes.query]: true } });
builder.mutationType({ authScopes: { [rootTypeScopes.mutation]: true } });
builder.subscriptionType({ authScopes: { [rootTypeScopes.subscription]: true } });

/** An input field of any type, for inputs assembled from entity descriptions. */
// biome-ignore lint/suspicious/noExplicitAny: a field of any input type; each is checked where it is built
export type AnyInputField = InputFieldRef<any, unknown>;

/** The builder's schema types, for helpers that take its field builders or refs. */
export type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;

/** The object type of any Prisma model, for fields registered from entity descriptions: its record is an object. */
export type AnyPrismaRef = PrismaObjectRef<BuilderTypes, PrismaModelTypes>;

/** An argument of any type, for arguments made from an entity's description. */
export type AnyArg = ArgumentRef<BuilderTypes, unknown>;

/** What makes arguments: a root or object field builder's `arg`. */
export type ArgsBuilder = { arg: ArgBuilder<BuilderTypes> };
