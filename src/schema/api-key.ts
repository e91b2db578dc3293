// API keys over GraphQL, for keys with the admin scope (and `npm run apikey:*` while the server
// holds the embedded database). The secret of a key is returned once, by createApiKey.
import { createApiKey, listApiKeys, revokeApiKey } from '../auth/api-keys.js';
import { isScope, scopes } from '../auth/scopes.js';
import { builder } from '../builder.js';
import { InputError } from '../errors.js';
import { DateTimeScalar } from './scalars.js';

interface ApiKeyShape {
  id: string;
  name: string;
  prefix?: string;
  scopes: string[];
  createdAt?: Date;
  revokedAt?: Date | null;
}

const ApiKey = builder.objectRef<ApiKeyShape>('ApiKey').implement({
  description: 'An API key; its secret is never shown again after it is made',
  fields: (t) => ({
    id: t.exposeString('id'),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { nullable: true, description: 'The first characters of the key' }),
    scopes: t.exposeStringList('scopes'),
    createdAt: t.field({ type: DateTimeScalar, nullable: true, resolve: (key) => key.createdAt }),
    revokedAt: t.field({ type: DateTimeScalar, nullable: true, resolve: (key) => key.revokedAt }),
  }),
});

const CreatedApiKey = builder.objectRef<{ key: ApiKeyShape; secret: string }>('CreatedApiKey').implement({
  fields: (t) => ({
    key: t.field({ type: ApiKey, resolve: (created) => created.key }),
    secret: t.exposeString('secret', { description: 'The key itself: shown this once' }),
  }),
});

const admin = { authScopes: { admin: true }, skipTypeScopes: true } as const;

builder.queryField('apiKeys', (t) => t.field({ ...admin, type: [ApiKey], description: 'Every API key, live and revoked', resolve: () => listApiKeys() }));

builder.mutationField('createApiKey', (t) =>
  t.field({
    ...admin,
    type: CreatedApiKey,
    description: `Makes an API key with these scopes (${scopes.join(', ')})`,
    args: { name: t.arg.string({ required: true }), scopes: t.arg.stringList({ required: true, defaultValue: ['read', 'write'] }) },
    resolve: (_root, args) => {
      const unknown = args.scopes.filter((scope) => !isScope(scope));
      if (unknown.length) throw new InputError([{ field: 'scopes', message: `must be among ${scopes.join(', ')}` }]);
      if (!args.name.trim() || args.name.length > 255) throw new InputError([{ field: 'name', message: 'must be 1 to 255 characters' }]);
      return createApiKey(args.name, args.scopes.filter(isScope));
    },
  }),
);

builder.mutationField('revokeApiKey', (t) =>
  t.boolean({
    ...admin,
    description: 'Revokes the key with this name or id; false when there was no live one',
    args: { nameOrId: t.arg.string({ required: true }) },
    resolve: (_root, args) => revokeApiKey(args.nameOrId),
  }),
);
