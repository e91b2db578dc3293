// API keys from the command line:
//   npm run apikey:create -- --name <label> [--scopes read,write,pii:read,admin]
//   npm run apikey:revoke -- --name <label or id>
//   npm run apikey:list
// On PostgreSQL, or on PGlite while no server runs, the command opens the database itself. While
// a server holds the PGlite directory (one process only), it asks that server, with the local
// admin token the server left in the directory's lock file.
import '../src/one-line-failures.js';
import { parseArgs } from 'node:util';
import { callServer, type RunningServer, runningServer } from '../src/auth/local-admin-client.js';
import { defaultScopes, isScope, scopes as allScopes } from '../src/auth/scopes.js';

const usages: Record<string, string> = {
  create: 'usage: npm run apikey:create -- --name <label> [--scopes read,write,pii:read,admin]',
  revoke: 'usage: npm run apikey:revoke -- --name <label or id>',
  list: 'usage: npm run apikey:list',
};

/** Ends the command with one line on stderr: 2 for a command used wrongly, 1 for one that failed. */
function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

const [command, ...rest] = process.argv.slice(2);
const usage = usages[command] ?? 'usage: npm run apikey:create|apikey:revoke|apikey:list -- ...';
function parsedOptions() {
  try {
    return parseArgs({ args: rest, options: { name: { type: 'string' }, scopes: { type: 'string' } } }).values;
  } catch {
    // An unknown option or one without its value: what was typed is not echoed, the usage says it all.
    return fail(usage);
  }
}
const values = parsedOptions();
if (!usages[command]) fail(usage);

interface KeyRow {
  id: string;
  name: string;
  prefix?: string | null;
  scopes: string[];
  revokedAt?: Date | string | null;
}

interface KeyStore {
  create(name: string, scopes: string[]): Promise<{ key: KeyRow; secret: string }>;
  revoke(nameOrId: string): Promise<boolean>;
  list(): Promise<KeyRow[]>;
  close(): Promise<void>;
}

function throughServer(server: RunningServer): KeyStore {
  const call = async (query: string, variables: object = {}) => {
    const response = await callServer(server, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
    if (body.errors?.length) fail(`error: ${body.errors[0].message}`, 1);
    return body.data!;
  };
  return {
    create: async (name, scopes) =>
      (
        await call('mutation($name: String!, $scopes: [String!]!) { createApiKey(name: $name, scopes: $scopes) { key { id name scopes } secret } }', {
          name,
          scopes,
        })
      ).createApiKey as { key: KeyRow; secret: string },
    revoke: async (nameOrId) => (await call('mutation($nameOrId: String!) { revokeApiKey(nameOrId: $nameOrId) }', { nameOrId })).revokeApiKey as boolean,
    list: async () => (await call('{ apiKeys { id name prefix scopes revokedAt } }')).apiKeys as KeyRow[],
    close: async () => {},
  };
}

async function directly(): Promise<KeyStore> {
  const { createApiKey, listApiKeys, revokeApiKey } = await import('../src/auth/api-keys.js');
  const { connectDatabase, disconnectDatabase } = await import('../src/db.js');
  await connectDatabase();
  return {
    create: (name, scopes) => createApiKey(name, scopes.filter(isScope)),
    revoke: revokeApiKey,
    list: listApiKeys,
    close: disconnectDatabase,
  };
}

const server = runningServer();
const store = server ? throughServer(server) : await directly();

if (command === 'create') {
  if (!values.name) fail(usage);
  const scopes = values.scopes ? values.scopes.split(',').map((scope) => scope.trim()) : defaultScopes;
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length) fail(`unknown scope ${unknown.join(', ')}: choose from ${allScopes.join(', ')}`);
  const { key, secret } = await store.create(values.name, scopes);
  console.log(`Created API key "${key.name}" (${key.id}) with scopes ${key.scopes.join(', ')}.`);
  console.log('It is shown this once; store it now:');
  console.log(secret);
} else if (command === 'revoke') {
  if (!values.name) fail(usage);
  if (!(await store.revoke(values.name))) fail(`error: no live API key is named "${values.name}" or has that id (apikey:list shows them)`, 1);
  console.log(`Revoked "${values.name}".`);
} else {
  for (const key of await store.list()) {
    console.log([key.id, key.name, `${key.prefix}…`, key.scopes.join(','), key.revokedAt ? `revoked ${String(key.revokedAt)}` : 'live'].join('\t'));
  }
}
await store.close();
process.exit(0);
