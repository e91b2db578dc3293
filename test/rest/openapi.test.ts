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
  // audit trail, a consumer's export and erasure.
  const crmRoutes = 4 + 4;

  it("lists every collection with its nine routes, the web-event batch and the CRM's routes", () => {
    expect(Object.keys(document.paths)).toHaveLength(13 * 4 + 1 + crmRoutes);
    const operations = Object.values(document.paths).flatMap((methods) => Object.keys(methods));
    expect(operations).toHaveLength(13 * 9 + 1 + crmRoutes);
  });

  it('has every operation answer with one of the statuses it documents', async () => {
    await rest('POST', '/api/cities', { body: { name: 'Springfield', state: 'IL' } });
    const checked: string[] = [];
    for (const [template, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(sampleKeys[name]));
        const body = operation.requestBody ? {} : undefined;
        const response = await rest(method.toUpperCase(), `/api${path}${/\/(count|aggregate)$/.test(path) ? '' : '?depth=1'}`, { body });
        expect(Object.keys(operation.responses), `${method} ${path} answered ${response.status}`).toContain(String(response.status));
        if (operation.operationId.startsWith('list-')) expect(response.status).toBe(200);
        checked.push(operation.operationId);
      }
    }
    expect(checked).toHaveLength(13 * 9 + 1 + crmRoutes);
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
