// API keys from the command line:
//   npm run apikey:create -- --name <label> [--scopes read,write,pii:read,admin]
//   npm run apikey:revoke -- --name <label or id>
//   npm run apikey:list
import { parseArgs } from 'node:util';
import { createApiKey, listApiKeys, revokeApiKey } from '../src/auth/api-keys.js';
import { defaultScopes, isScope, scopes as allScopes } from '../src/auth/scopes.js';
import { connectDatabase, disconnectDatabase } from '../src/db.js';

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, scopes: { type: 'string' } } });

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

await connectDatabase();
if (command === 'create') {
  if (!values.name) fail('usage: npm run apikey:create -- --name <label> [--scopes read,write]');
  const scopes = values.scopes ? values.scopes.split(',').map((scope) => scope.trim()) : defaultScopes;
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length) fail(`unknown scope ${unknown.join(', ')}: choose from ${allScopes.join(', ')}`);
  const { key, secret } = await createApiKey(values.name, scopes.filter(isScope)).catch((error: { code?: string }) =>
    fail(error.code === 'P2002' ? `a key named "${values.name}" exists already` : 'could not create the key'),
  );
  console.log(`Created API key "${key.name}" (${key.id}) with scopes ${key.scopes.join(', ')}.`);
  console.log('It is shown this once; store it now:');
  console.log(secret);
} else if (command === 'revoke') {
  if (!values.name) fail('usage: npm run apikey:revoke -- --name <label or id>');
  console.log((await revokeApiKey(values.name)) ? `Revoked "${values.name}".` : `No live key named "${values.name}".`);
} else if (command === 'list') {
  for (const key of await listApiKeys()) {
    console.log([key.id, key.name, `${key.prefix}…`, key.scopes.join(','), key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'live'].join('\t'));
  }
} else {
  fail('usage: npm run apikey:create|apikey:revoke|apikey:list -- ...');
}
await disconnectDatabase();
process.exit(0);
