// Every example in README.md runs as written, against a fresh server: the shell blocks in one bash
// session, in order (so a KEY made in one is used by the next), every curl must answer 2xx without
// GraphQL errors; every GraphQL block must answer without errors. The first queries a new user
// sends (the Jeeps, the nested leads) must find data: the README seeds before them. A README
// change that breaks an example fails here.
//
// Not run: the lines that install, start or stop things (npm ci, npm start, npm run dev, ...),
// which this test does itself, and the ones that need the server stopped (db:deploy, db:migrate).
// `npm run db:seed` runs, through the running server, where the README has it.
// A shell block that subscribes (Accept: text/event-stream) never ends: it runs on its own, until
// it received a change. The JavaScript blocks run too: the webhook signature check on a delivery
// the server sent, the EventSource subscription in chromium (the test adds the Authorization
// header, as the README's proxy would).
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from './helpers/server-process.js';
import { stopAndRemove, temporaryPath } from './helpers/temporary-directory.js';
import { freePort } from './helpers/free-port.js';

const run = promisify(execFile);
const readme = readFileSync(path.resolve('README.md'), 'utf8');
const blocks = (language: string) => [...readme.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((match) => match[1]);

const notRun = /^\s*(npm (ci|start|test|install)|npm run (dev|build|bench|typecheck|lint|format|db:migrate|db:deploy|schema:)|DATABASE_URL=|npx )/;

const subscribes = (block: string) => block.includes('text/event-stream');
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((candidate) => existsSync(candidate));

const dataDir = temporaryPath('commerce-graph-readme-');
const port = await freePort();
const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: '', RATE_LIMIT_PER_ADDRESS: '1000' };
let server: ServerProcess;

// A curl that fails on an HTTP error or a GraphQL error, and shows what it got.
const strictCurl = `curl() {
  local out
  out=$(command curl --fail-with-body "$@") || { echo "FAILED: curl $*: $out" >&2; return 1; }
  if [[ "$out" == *'"errors"'* ]]; then echo "GraphQL errors: curl $*: $out" >&2; return 1; fi
  echo "$out"
}`;

async function newKey(name: string, scopes: string) {
  const { stdout } = await run('npx', ['tsx', 'scripts/apikey.ts', 'create', '--name', name, '--scopes', scopes], { env });
  return stdout.trim().split('\n').at(-1)!;
}

async function graphql(key: string, query: string) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: unknown; data?: unknown };
  expect(body.errors, query.slice(0, 80)).toBeUndefined();
  return body;
}

describe.runIf(process.env.TEST_DATABASE === 'pglite')('the README', () => {
  beforeAll(async () => {
    server = await startServer(env);
  }, 90_000);

  afterAll(() => stopAndRemove(server?.child, dataDir));

  it('has its shell examples run as written', async () => {
    const lines = blocks('sh')
      .filter((block) => !subscribes(block))
      .flatMap((block) => block.split('\n'))
      .filter((line) => !notRun.test(line));
    const script = ['set -euo pipefail', strictCurl, ...lines].join('\n').replaceAll('localhost:4000', `localhost:${port}`);
    expect(lines.filter((line) => /^\s*curl /.test(line)).length).toBeGreaterThanOrEqual(4);
    const { stdout } = await run('bash', ['-c', script], { env, maxBuffer: 16 * 1024 * 1024 });
    // The Jeeps: the seeded vehicles, before anything else was written.
    expect(stdout).toMatch(/"vehicles":\{"totalCount":[1-9]\d*,"edges":\[\{"node":\{"vin":/);
    expect(stdout).toContain('Lead successfully created.');
  }, 120_000);

  // admin: the webhook example registers an endpoint.
  it('has its GraphQL examples run as written', async () => {
    const key = await newKey('readme graphql', 'read,write,pii:read,admin');
    const examples = blocks('graphql');
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const query of examples) {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { errors?: unknown; data?: unknown };
      expect(body.errors, query.slice(0, 80)).toBeUndefined();
      expect(response.status).toBe(200);
      // A query finds what the seed (run by the shell examples, before this test) put there.
      if (query.trimStart().startsWith('{')) expect(JSON.stringify(body.data), query.slice(0, 80)).not.toMatch(/"totalCount":0\b|"edges":\[\]/);
      // The nested leads: seeded ones, with their sales reps (a lead the REST example made has none).
      if (query.includes('salesRep {')) expect(JSON.stringify(body.data)).toMatch(/"salesRep":\{"firstName":"\w+"/);
    }
  }, 60_000);

  it('has its curl subscription run as written: it receives a lead created after it', async () => {
    const key = await newKey('readme subscriber', 'read,write');
    const [block] = blocks('sh').filter(subscribes);
    const subscriber = spawn('bash', ['-c', block.replaceAll('localhost:4000', `localhost:${port}`)], { env: { ...env, KEY: key }, detached: true });
    let received = '';
    subscriber.stdout.on('data', (chunk: Buffer) => (received += chunk.toString()));
    try {
      // Created until the subscription, once open, is told of one.
      for (let tries = 0; tries < 50 && !received.includes('event: next'); tries += 1) {
        await graphql(key, `mutation { createLead(input: { id: "led_readme_sse_${tries}", email: "sse@example.com", phoneNumber: "555-0100" }) { id } }`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(received).toMatch(/event: next\ndata: \{"data":\{"leadChanged":\{"change":"CREATED","id":"led_readme_sse_\d+"/);
    } finally {
      process.kill(-subscriber.pid!, 'SIGTERM');
    }
  }, 30_000);

  it('has its webhook signature check accept a delivery the server signed, and refuse it changed', async () => {
    const admin = await newKey('readme webhooks', 'read,write,admin');
    const deliveries: { body: string; signature: string }[] = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        deliveries.push({ body, signature: String(request.headers['webhook-signature']) });
        response.writeHead(200).end();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const created = await graphql(admin, `mutation { createWebhookEndpoint(url: "${url}", events: [LEAD_CREATED]) { secret } }`);
      const { secret } = (created.data as { createWebhookEndpoint: { secret: string } }).createWebhookEndpoint;
      await graphql(admin, `mutation { createLead(input: { id: "led_readme_hook", email: "hook@example.com", phoneNumber: "555-0100" }) { id } }`);
      for (let tries = 0; tries < 100 && deliveries.length === 0; tries += 1) await new Promise((resolve) => setTimeout(resolve, 100));
      const [delivery] = deliveries;
      expect(JSON.parse(delivery.body).data.id).toBe('led_readme_hook');

      const [block] = blocks('js').filter((code) => code.includes('createHmac'));
      const module = path.join(dataDir, 'verify-webhook.mjs');
      writeFileSync(module, `${block}\nexport { verified };\n`);
      const { verified } = (await import(module)) as { verified: (secret: string, rawBody: string, header: string) => boolean };
      expect(verified(secret, delivery.body, delivery.signature)).toBe(true);
      expect(verified(secret, delivery.body.replace('led_readme_hook', 'led_readme_hoox'), delivery.signature)).toBe(false);
      expect(verified(`${secret}x`, delivery.body, delivery.signature)).toBe(false);
    } finally {
      receiver.close();
    }
  }, 30_000);

  it.runIf(!!executablePath)(
    'has its EventSource example run in a browser: it logs a web event posted after it',
    async () => {
      const key = await newKey('readme browser subscriber', 'read');
      const browser = await chromium.launch({
        executablePath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      });
      try {
        const page = await browser.newPage();
        // The proxy the README asks for: it adds the key to the subscription's request.
        await page.route(
          (url) => url.pathname === '/graphql',
          (route) => route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${key}` } }),
        );
        const logged: unknown[] = [];
        page.on('console', async (message) => logged.push(await message.args()[0]?.jsonValue()));
        await page.goto(`http://127.0.0.1:${port}/`);
        const [block] = blocks('js').filter((code) => code.includes('EventSource'));
        await page.evaluate(block);
        for (let tries = 0; tries < 50 && logged.length === 0; tries += 1) {
          await fetch(`http://127.0.0.1:${port}/api/webevents`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ id: `wev_readme_es_${tries}`, name: 'README EventSource' }),
          });
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(logged[0]).toEqual({ id: expect.stringMatching(/^wev_readme_es_\d+$/), name: 'README EventSource' });
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
