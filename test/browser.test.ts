// The pages a person opens, in a real browser (Debian's chromium, driven by playwright-core): the
// home page, GraphiQL running a query with a key, and the REST reference listing its operations.
// Every request the pages make stays on this server: they work offline.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from './helpers/server-process.js';
import { stopAndRemove, temporaryPath } from './helpers/temporary-directory.js';
import { freePort } from './helpers/free-port.js';

const run = promisify(execFile);
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((candidate) => existsSync(candidate));
const dataDir = temporaryPath('commerce-graph-browser-');
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: '' };

let server: ServerProcess;
let browser: Browser;
const elsewhere: string[] = [];
/** Requests answered 401, and the schema requests (introspection) answered with a schema. */
const unauthorized: string[] = [];
let schemasLoaded = 0;

async function open(url: string): Promise<Page> {
  const page = await browser.newPage();
  // Anything but this server (a CDN, a font, a telemetry beacon) is recorded and refused.
  await page.route('**/*', (route) => {
    const target = route.request().url();
    if (target.startsWith(origin) || target.startsWith('blob:') || target.startsWith('data:')) return route.continue();
    elsewhere.push(target);
    return route.abort();
  });
  page.on('response', async (response) => {
    if (response.status() === 401) unauthorized.push(`${response.request().method()} ${response.url()}`);
    if (response.request().postData()?.includes('__schema') && response.status() === 200) {
      const body = (await response.json()) as { data?: { __schema?: unknown } };
      if (body.data?.__schema) schemasLoaded += 1;
    }
  });
  await page.goto(url);
  return page;
}

if (!executablePath) console.warn('test/browser.test.ts is skipped: no chromium here (apt-get install -y chromium)');

describe.runIf(process.env.TEST_DATABASE === 'pglite' && !!executablePath)('in a browser', () => {
  beforeAll(async () => {
    server = await startServer(env);
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stopAndRemove(server?.child, dataDir);
  });

  it('the home page leads to GraphiQL and the REST reference', async () => {
    const page = await open(`${origin}/`);
    expect(await page.getAttribute('a[href="/graphql"]', 'href')).toBe('/graphql');
    expect(await page.getAttribute('a[href="/api/docs"]', 'href')).toBe('/api/docs');
  });

  it('GraphiQL opens on an example, and runs a query with a key from the headers tab', async () => {
    const { stdout } = await run('npx', ['tsx', 'scripts/apikey.ts', 'create', '--name', 'browser', '--scopes', 'read,write'], { env });
    const key = stdout.trim().split('\n').at(-1)!;
    await fetch(`${origin}/api/webevents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Browser Check' }),
    });

    const page = await open(`${origin}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 60_000 });
    // The editor (Monaco) draws spaces as no-break spaces. Playwright's innerText, not the DOM's.
    // biome-ignore lint/performance/useDomNodeTextContent: the text as shown is the point
    const text = async (selector: string) => (await page.locator(selector).innerText()).replaceAll('\u00a0', ' ');
    await expect.poll(() => text('.graphiql-query-editor'), { timeout: 30_000 }).toContain('leads(first: 5');
    // It opens clean: the schema loads although the headers tab still holds the placeholder, and
    // nothing was refused (no 401, no error in the result pane).
    await expect.poll(() => schemasLoaded, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(unauthorized).toEqual([]);
    expect(await text('.graphiql-response')).not.toContain('Unauthorized');

    // A query of ours, and the key where the page says it goes: the Headers tab.
    const replaceText = async (editor: string, content: string) => {
      await page.locator(`${editor} .monaco-editor:visible`).click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText(content);
      // The editor closes brackets and quotes as they are typed: what it added follows the cursor.
      await page.keyboard.press('Control+Shift+End');
      await page.keyboard.press('Delete');
    };
    await replaceText('section[aria-label="Operation Editor"]', '{ webEvents(first: 5) { totalCount edges { node { name } } } }');
    await page.click('button:has-text("Headers")');
    await replaceText('section[aria-label="Headers"]', JSON.stringify({ Authorization: `Bearer ${key}` }));
    const answered = page.waitForResponse((response) => response.url().startsWith(`${origin}/graphql`) && response.request().method() === 'POST');
    await page.click('.graphiql-execute-button');
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ data: { webEvents: { totalCount: 1, edges: [{ node: { name: 'Browser Check' } }] } } });
    await expect.poll(() => text('.graphiql-response'), { timeout: 30_000 }).toContain('Browser Check');
  }, 120_000);

  it('the REST reference shows every operation of the document, and a deep link opens one', async () => {
    const document = (await (await fetch(`${origin}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>>;
    };
    // Swagger UI names each operation's block operations-<tag>-<operationId>.
    const expected = Object.values(document.paths).flatMap((item) =>
      Object.values(item).flatMap((operation) => (operation.operationId ? [`operations-${operation.tags?.[0]}-${operation.operationId}`] : [])),
    );
    expect(expected.length).toBeGreaterThan(140);

    const page = await open(`${origin}/api/docs`);
    await page.waitForSelector('.opblock', { timeout: 60_000 });
    // From 150 tags and operations on, Swagger UI (5.35) virtualizes the list: only the blocks near
    // the viewport are in the page, so the blocks are gathered while scrolling to the end.
    const shown = new Set<string>();
    for (let previousY = -1; ; ) {
      for (const id of await page.locator('.opblock').evaluateAll((blocks) => blocks.map((block) => block.id))) shown.add(id);
      const y = await page.evaluate(() => {
        window.scrollBy(0, window.innerHeight / 2);
        return window.scrollY;
      });
      if (y === previousY) break;
      previousY = y;
      await page.waitForTimeout(30);
    }
    expect([...shown].sort()).toEqual([...expected].sort());

    // A deep link to the last operation scrolls the virtual list to it and opens it.
    const last = expected.at(-1)!;
    const [, tag, ...operationId] = last.split('-');
    const linked = await open(`${origin}/api/docs#/${tag}/${operationId.join('-')}`);
    await linked.waitForSelector(`#${last}.is-open`, { timeout: 30_000 });
  }, 120_000);

  it('asked nothing of any other host, and was never answered 401', () => {
    expect(elsewhere).toEqual([]);
    expect(unauthorized).toEqual([]);
  });
});
