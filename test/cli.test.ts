// The commands a person runs, as a person runs them: a server on an embedded data directory, an
// API key made and the sample graph seeded while it runs, the seed's curl call with that key, and
// a clean stop.
import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { request as httpRequest } from 'node:http';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './helpers/server-process.js';
import { stopAndRemove, temporaryPath } from './helpers/temporary-directory.js';
import { freePort } from './helpers/free-port.js';

const run = promisify(execFile);
const tsx = path.resolve('node_modules/.bin/tsx');
const dataDir = temporaryPath('commerce-graph-cli-');
const port = await freePort();
const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: '', RATE_LIMIT_PER_ADDRESS: '1000' };
let server: ChildProcess;
let output: () => string;

// It runs its own server on its own directory: once is enough, in the PGlite project.
describe.runIf(process.env.TEST_DATABASE === 'pglite')(
  'npm start on the embedded database',
  () => {
    beforeAll(async () => {
      ({ child: server, output } = await startServer(env));
    }, 60_000);

    afterAll(() => stopAndRemove(server, dataDir));

    it('makes an API key while the server runs, and the key works at once', async () => {
      const { stdout } = await run(tsx, ['scripts/apikey.ts', 'create', '--name', 'cli test'], { env });
      const key = stdout.trim().split('\n').at(-1)!;
      expect(key).toMatch(/^cg_[\w-]{32}$/);
      const response = await fetch(`http://127.0.0.1:${port}/api/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `users API-Key ${key}` },
        body: JSON.stringify({ email: 'jane@example.com', phone: '555-0100' }),
      });
      expect(response.status).toBe(201);
      expect((await response.json()).message).toBe('Lead successfully created.');
      const listed = await run(tsx, ['scripts/apikey.ts', 'list'], { env });
      expect(listed.stdout).toContain('cli test');
    });

    it('logs one JSON line per request, with no personal data and no key in it', async () => {
      const seed = {
        id: 'wev_logcheck00001',
        name: 'User Login',
        account: {
          id: 'acc_logcheck00001',
          consumer: {
            id: 'con_logcheck00001',
            ssn: '123-45-6789',
            email: 'example@example.com',
            lastName: 'Doe',
            birthDate: '1990-05-15',
            firstName: 'John',
            phoneNumber: '555-0199',
          },
        },
      };
      const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      expect((await post('/api/webevents', seed)).status).toBe(200);
      // Wrong values in every field, so the errors are about them; a key that does not work.
      expect(
        (
          await post('/api/webevents', {
            ...seed,
            id: 'wev_logcheck00002',
            account: {
              id: 'acc_logcheck00002',
              consumer: { ...seed.account.consumer, id: 'con_logcheck00002', phoneNumber: '123-45-6789x', birthDate: 'example@example.com' },
            },
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await post(
            '/graphql',
            { query: 'query($ssn: String!) { consumers(filter: { ssn: { equals: $ssn } }) { totalCount } }', variables: { ssn: '123-45-6789' } },
            { authorization: 'Bearer cg_thisisnotarealkey0123456789abcdef' },
          )
        ).status,
      ).toBe(401);
      expect(
        (
          await post('/graphql', {
            query: 'mutation($input: CreateWebEventInput!) { createWebEvent(input: $input) { id } }',
            variables: { input: { name: 1990, anonymousId: '555-0199' } },
          })
        ).status,
      ).toBeLessThan(500);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const lines = output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 'info', msg: 'request', method: 'POST', route: '/api/webEvents', status: 200, ms: expect.any(Number) }),
      );
      expect(lines).toContainEqual(expect.objectContaining({ msg: 'request', route: '/graphql', status: 401 }));
      for (const secret of ['123-45-6789', '6789', 'example@example.com', '555-0199', '1990-05-15', 'cg_thisisnotarealkey', 'logcheck']) {
        expect(output(), secret).not.toContain(secret);
      }
    });

    it('answers with the standard reason phrase, GraphQL and REST alike', async () => {
      const statusLine = (path: string, method = 'GET') =>
        new Promise<string>((resolve, reject) => {
          const request = httpRequest({ host: '127.0.0.1', port, path, method, agent: false }, (response) => {
            response.resume();
            resolve(`${response.statusCode} ${response.statusMessage}`);
          });
          request.on('error', reject);
          request.end();
        });
      expect(await statusLine('/health')).toBe('200 OK');
      expect(await statusLine('/api/leads')).toBe('401 Unauthorized');
      expect(await statusLine('/api/no-such-route')).toBe('404 Not Found');
      expect(await statusLine('/api/webevents', 'POST')).toBe('415 Unsupported Media Type');
      expect(await statusLine('/graphql?query=%7B')).toBe('200 OK');
    });

    it('seeds the sample graph through the running server, once, and only for the local administrator', async () => {
      const first = await run(tsx, ['prisma/seed.ts'], { env });
      expect(first.stdout).toMatch(/^Seeded: \d+ web events, \d+ accounts, \d+ consumers, \d+ leads, 60 vehicles, and what they point to\.\n$/);
      expect((await run(tsx, ['prisma/seed.ts'], { env })).stdout).toBe('The sample graph is already there: nothing to do.\n');
      // The route exists for the token in the lock file alone; to anyone else, no such route.
      const { stdout } = await run(tsx, ['scripts/apikey.ts', 'create', '--name', 'cli admin', '--scopes', 'admin'], { env });
      const asAdmin = await fetch(`http://127.0.0.1:${port}/local-admin/seed`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: stdout.trim().split('\n').at(-1)! },
        body: '{}',
      });
      expect(asAdmin.status).toBe(404);
    });

    it('refuses a second process on the same data directory with one clear line', async () => {
      const deploying = run(tsx, ['scripts/migrate-deploy.ts'], { env });
      await expect(deploying).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/^error: \S+ is in use by process \d+ \(the server on port \d+\)[^\n]*\n$/),
      });
    });

    it('says a key name is taken in one line, with a non-zero exit', async () => {
      const taken = run(tsx, ['scripts/apikey.ts', 'create', '--name', 'cli test'], { env });
      await expect(taken).rejects.toMatchObject({ code: 1, stderr: 'error: name: an API key with this name exists already: choose another name\n' });
    });

    it('says a revoked key keeps its name, and that revoking a key that does not exist failed', async () => {
      await run(tsx, ['scripts/apikey.ts', 'create', '--name', 'crm-sync'], { env });
      expect((await run(tsx, ['scripts/apikey.ts', 'revoke', '--name', 'crm-sync'], { env })).stdout).toBe('Revoked "crm-sync".\n');
      await expect(run(tsx, ['scripts/apikey.ts', 'create', '--name', 'crm-sync'], { env })).rejects.toMatchObject({
        code: 1,
        stderr: 'error: name: this name belongs to a revoked API key, and names are not reused: choose another\n',
      });
      await expect(run(tsx, ['scripts/apikey.ts', 'revoke', '--name', 'nosuch'], { env })).rejects.toMatchObject({
        code: 1,
        stdout: '',
        stderr: 'error: no live API key is named "nosuch" or has that id (apikey:list shows them)\n',
      });
    });

    it('stops on SIGTERM after finishing the request in flight, with exit code 0, leaving the directory free', async () => {
      const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
      const batch = Array.from({ length: 300 }, (_, index) => ({ id: `wev_inflight${String(index).padStart(4, '0')}`, name: 'View' }));
      // On a connection of its own: one kept alive from earlier calls may be closed as idle the
      // moment the server stops, before this request's first byte arrives.
      const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = httpRequest(
          { host: '127.0.0.1', port, path: '/api/webevents/batch', method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
          (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () => resolve({ status: response.statusCode!, body }));
          },
        );
        request.on('error', reject);
        request.end(JSON.stringify({ batch }));
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      server.kill('SIGTERM');
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect((JSON.parse(response.body) as { success: boolean }).success).toBe(true);
      expect(await exited).toBe(0);
      expect(existsSync(path.join(dataDir, 'commerce-graph.lock'))).toBe(false);
      const listed = await run(tsx, ['scripts/apikey.ts', 'list'], { env });
      expect(listed.stdout).toContain('cli test');
    });
  },
  60_000,
);

describe.runIf(process.env.TEST_DATABASE === 'postgres')('a command on a PostgreSQL database that does not exist', () => {
  it('says how to create it and to run the command again, in one line, with a non-zero exit', async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = '/commerce_graph_no_such_database';
    const missing = { env: { ...process.env, DATABASE_URL: url.toString() } };
    const line =
      'error: the database "commerce_graph_no_such_database" does not exist on that server: create it (createdb commerce_graph_no_such_database, or CREATE DATABASE), then run it again\n';
    const commands = await Promise.allSettled(
      ['scripts/apikey.ts list', 'prisma/seed.ts', 'scripts/migrate-deploy.ts'].map((command) => run(tsx, command.split(' '), missing)),
    );
    expect(commands).toEqual(Array(3).fill({ status: 'rejected', reason: expect.objectContaining({ code: 1, stderr: line }) }));
  });
});
