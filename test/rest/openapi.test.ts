// The OpenAPI document is valid OpenAPI 3.1, and every operation it lists answers.
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { yoga } from '../../src/yoga.js';
import { rest } from '../helpers/rest.js';

type Operation = { operationId: string; requestBody?: unknown; responses: Record<string, unknown> };
let document: { paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  document = (await rest('GET', '/api/openapi.json', { key: false })).body;
});

// A key for each kind of path parameter, of a record the test made, so reads find something.
const sampleKeys: Record<string, string> = { id: 'acc_openapi00001', vin: '1HGCM82633A004352', code: 'IL', stateCode: 'IL', name: 'Springfield' };

describe('/api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  // The CRM's: a restore for each of the four collections with a trash, a lead's history, the
  // audit trail, a consumer's export and erasure. The events': identify and the two vendor routes.
  const crmRoutes = 4 + 4;
  const eventRoutes = 3;
  // The webhooks': the key's endpoints (GET, POST), one (DELETE), its deliveries, a replay.
  const webhookPaths = 4;
  const webhookOperations = 5;

  it("lists every collection with its nine routes, the web-event batch, the CRM's, the events' and the webhook routes", () => {
    expect(Object.keys(document.paths)).toHaveLength(14 * 4 + 1 + crmRoutes + eventRoutes + webhookPaths);
    const operations = Object.values(document.paths).flatMap((methods) => Object.keys(methods).filter((name) => name !== 'servers'));
    expect(operations).toHaveLength(14 * 9 + 1 + crmRoutes + eventRoutes + webhookOperations);
  });

  it('has every operation answer with one of the statuses it documents', async () => {
    await rest('POST', '/api/cities', { body: { name: 'Springfield', state: 'IL' } });
    const checked: string[] = [];
    for (const [template, methods] of Object.entries(document.paths)) {
      // A path with servers of its own (the vendor event routes) is served outside /api, without depth.
      const outsideApi = 'servers' in methods;
      for (const [method, operation] of Object.entries(methods)) {
        if (method === 'servers') continue;
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(sampleKeys[name]));
        const body = operation.requestBody ? {} : undefined;
        // depth is the collections' parameter: the identify and webhook routes take none.
        const query = /\/(count|aggregate)$/.test(path) || outsideApi || path === '/identify' || path.startsWith('/webhooks') ? '' : '?depth=1';
        const response = await rest(method.toUpperCase(), `${outsideApi ? '' : '/api'}${path}${query}`, { body });
        expect(Object.keys(operation.responses), `${method} ${path} answered ${response.status}`).toContain(String(response.status));
        if (operation.operationId.startsWith('list-')) expect(response.status).toBe(200);
        checked.push(operation.operationId);
      }
    }
    expect(checked).toHaveLength(14 * 9 + 1 + crmRoutes + eventRoutes + webhookOperations);
  });
});

describe('/api/docs', () => {
  it('renders the reference page and serves its assets', async () => {
    const page = await yoga.fetch('http://localhost/api/docs');
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('/api/openapi.json');
    for (const asset of html.match(/\/api\/docs\/[\w.-]+/g)!) {
      const response = await yoga.fetch(`http://localhost${asset}`);
      expect(response.status, asset).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });
});
