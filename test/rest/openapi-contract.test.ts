// The OpenAPI document is the truth: two independent linters find nothing in it (Redocly's
// recommended rules, Spectral's spectral:oas), and live answers of every operation, successes and
// errors, at every depth, validate against the schema it gives for their status (ajv, JSON Schema
// 2020-12, as OpenAPI 3.1 has it).
import { createConfig, lintFromString } from '@redocly/openapi-core';
import spectralCore from '@stoplight/spectral-core';
import * as parsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { yoga } from '../../src/yoga.js';
import { testApiKey } from '../helpers/api-key.js';
import {
  addressInput,
  agentInput,
  consumerInput,
  creditBandInput,
  leadInput,
  salesRepInput,
  seedWebEventBody,
  templateInput,
  vehicleInput,
  vehicleSpecInput,
} from '../helpers/fixtures.js';
import { rest, type RestResponse } from '../helpers/rest.js';

type Operation = { operationId: string; requestBody?: unknown; responses: Record<string, { content?: unknown }> };
let document: { paths: Record<string, Record<string, Operation>> };
let text: string;
const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats is CommonJS: its plugin is its default export's `default`.
formats.default(ajv);

beforeAll(async () => {
  document = (await rest('GET', '/api/openapi.json', { key: false })).body;
  text = JSON.stringify(document);
  ajv.addSchema(document, 'https://commerce-graph.local/openapi.json');
  // The graph written through the API, as its rules allow (a helper writing straight to the
  // database could store what no answer may hold, such as a VIN of 18 characters).
  const writes = [
    rest('POST', '/api/webevents', { body: seedWebEventBody, key: false }),
    rest('POST', '/api/leads', {
      body: {
        ...leadInput,
        id: 'led_oac00000001',
        customers: { ...consumerInput, id: 'con_oac1', addresses: [{ ...addressInput, city: { name: 'oac Springfield', state: 'IL' } }] },
        salesRep: {
          ...salesRepInput,
          agent: agentInput,
          creditBands: [creditBandInput],
          templates: [templateInput],
          address: { ...addressInput, city: { name: 'oac Springfield', state: 'IL' } },
        },
        favorites: [{ ...vehicleInput, spec: vehicleSpecInput }],
      },
    }),
  ];
  for (const write of await Promise.all(writes)) expect(write.status, JSON.stringify(write.body)).toBeLessThan(300);
});

const pointer = (...parts: string[]) => parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** Checks that the answer's status is documented for the operation and its body fits that status's schema. */
function expectDocumented(template: string, method: string, response: RestResponse) {
  const operation = document.paths[template][method];
  const status = String(response.status);
  expect(Object.keys(operation.responses), `${method} ${template} answered ${status}: ${JSON.stringify(response.body).slice(0, 300)}`).toContain(status);
  const ref = `https://commerce-graph.local/openapi.json#/${pointer('paths', template, method, 'responses', status, 'content', 'application/json', 'schema')}`;
  const valid = ajv.validate({ $ref: ref }, response.body);
  expect(valid ? [] : ajv.errors?.slice(0, 5), `${method} ${template} ${status}`).toEqual([]);
}

describe('the OpenAPI document', () => {
  it("has no problem by Redocly's recommended rules", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: text, absoluteRef: 'openapi.json', config });
    expect(problems.map((problem) => `${problem.ruleId}: ${problem.message} ${problem.location[0]?.pointer}`)).toEqual([]);
  });

  it("has no problem by Spectral's spectral:oas rules", async () => {
    const spectral = new spectralCore.Spectral();
    spectral.setRuleset({ extends: [[oas as never, 'recommended']] });
    const results = await spectral.run(new spectralCore.Document(text, parsers.Json));
    expect(results.map((result) => `${result.code}: ${result.message} ${result.path.join('.')}`)).toEqual([]);
  });
});

describe('live answers fit the document', () => {
  const keys: Record<string, string> = { id: '', vin: '', code: 'IL', stateCode: 'IL', name: 'oac Springfield' };
  const sample = async (slug: string) => {
    const list = await rest('GET', `/api/${slug}?limit=1&depth=0`);
    // A route that is no collection (/audit) answers no list: its path takes no sampled key.
    return (list.body.data ?? list.body).docs?.[0] as Record<string, unknown> | undefined;
  };
  const pathOf = (template: string, doc: Record<string, unknown> | undefined) =>
    template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(doc?.[name] ?? doc?.[name === 'stateCode' ? 'state' : name] ?? keys[name])));

  // Aggregates: the numbers alone, groups by one field and by an instant's day, and a 400.
  const aggregateQueries = ['?countDistinct=createdAt', '?groupBy=createdAt:day&countDistinct=updatedAt', '?groupBy=createdAt&groupLimit=2', '?sum=x'];

  // About 160 requests, some of them the heaviest documents there are: minutes on a busy machine.
  it('of every read, list and count, at depths 0 to 3', { timeout: 180_000 }, async () => {
    for (const [template, methods] of Object.entries(document.paths)) {
      // The webhook routes are not a collection's: their own test is below.
      if (!methods.get || template.startsWith('/webhooks')) continue;
      const slug = template.split('/')[1];
      const doc = await sample(slug);
      for (const depth of [0, 1, 2, 3]) {
        const query = template.endsWith('/count')
          ? '?where[createdAt][exists]=true'
          : template.endsWith('/aggregate')
            ? aggregateQueries[depth]
            : `?depth=${depth}`;
        expectDocumented(template, 'get', await rest('GET', `/api${pathOf(template, doc)}${query}`));
      }
    }
  });

  it('of a list of every document (streamed) and of a key without pii:read', async () => {
    expectDocumented('/consumers', 'get', await rest('GET', '/api/consumers?limit=0&depth=3'));
    const readOnly = { authorization: await testApiKey(['read']) };
    expectDocumented('/consumers', 'get', await rest('GET', '/api/consumers?depth=2', { headers: readOnly }));
    expectDocumented('/leads', 'get', await rest('GET', '/api/leads?depth=3', { headers: readOnly }));
    // Join fields, on a list and on a document of each collection that has them.
    expectDocumented('/consumers', 'get', await rest('GET', '/api/consumers?depth=1&joins[leads][count]=true'));
    expectDocumented('/salesReps', 'get', await rest('GET', '/api/salesReps?joins[leads][limit]=1'));
    expectDocumented('/cities', 'get', await rest('GET', '/api/cities?joins[addresses][count]=true'));
    for (const slug of ['accounts', 'states', 'vehicleSpecs']) expectDocumented(`/${slug}`, 'get', await rest('GET', `/api/${slug}?joins=false`));
    expectDocumented(
      '/leads/aggregate',
      'get',
      await rest('GET', '/api/leads/aggregate?sum=monthlyPayment&avg=year&min=year&max=cashDown&groupBy=year,processStatuses'),
    );
    expectDocumented('/consumers/aggregate', 'get', await rest('GET', '/api/consumers/aggregate?groupBy=birthDate', { headers: readOnly }));
  });

  it('of exports: in a media type the list documents, for every collection', async () => {
    for (const [template, methods] of Object.entries(document.paths)) {
      if (!methods.get?.operationId.startsWith('list-')) continue;
      const documented = Object.keys((methods.get.responses['200'] as { content: Record<string, unknown> }).content);
      // The lists of collections export; other lists (a key's webhook endpoints) document JSON only.
      if (!documented.includes('text/csv')) continue;
      for (const format of ['csv', 'ndjson']) {
        const response = await yoga.fetch(`http://localhost/api${template}?format=${format}`, { headers: { authorization: await testApiKey() } });
        expect(response.status, `${template} ${format}`).toBe(200);
        expect(documented).toContain(response.headers.get('content-type')!.split(';')[0]);
        const text = await response.text();
        // CSV has its header line always; NDJSON a line per document (none for an empty collection).
        if (format === 'csv') expect(text.length).toBeGreaterThan(0);
        else {
          const count = await rest('GET', `/api${template}/count`);
          expect(text.split('\n').filter(Boolean).length, template).toBe((count.body.data ?? count.body).totalDocs);
        }
      }
    }
  });

  it('of creates, updates and deletes, one and many, with and without the read scope', async () => {
    const writeOnly = { authorization: await testApiKey(['write']) };
    const created = await rest('POST', '/api/leads', { body: { email: 'contract@example.com', phone: '555-0100', customers: 'con_oac1' } });
    expectDocumented('/leads', 'post', created);
    expectDocumented('/leads', 'post', await rest('POST', '/api/leads', { body: { email: 'w@example.com', phone: '555-0100' }, headers: writeOnly }));
    const id = created.body.doc.id;
    expectDocumented('/leads/{id}', 'patch', await rest('PATCH', `/api/leads/${id}`, { body: { notes: 'x' } }));
    expectDocumented('/leads/{id}', 'patch', await rest('PATCH', `/api/leads/${id}`, { body: {}, headers: writeOnly }));
    expectDocumented('/leads', 'patch', await rest('PATCH', `/api/leads?where[id][equals]=${id}&depth=1`, { body: { notes: 'y' } }));
    expectDocumented('/leads', 'patch', await rest('PATCH', `/api/leads?where[id][equals]=${id}`, { body: { email: 'bad' } }));
    expectDocumented('/leads/{id}', 'delete', await rest('DELETE', `/api/leads/${id}`));
    expectDocumented('/leads', 'delete', await rest('DELETE', '/api/leads?where[email][equals]=w@example.com'));
    expectDocumented('/cities', 'delete', await rest('DELETE', '/api/cities?where[name][equals]=oac Springfield'));
    expectDocumented('/webEvents', 'post', await rest('POST', '/api/webevents', { body: { name: 'View', account: { id: 'acc_oac1' } }, key: false }));
    const voucherify = { event: 'contract_event', customer: { source_id: 'contract_source' }, metadata: { plan: 'PP1' } };
    expectDocumented('/client/v1/events', 'post', await rest('POST', '/client/v1/events', { body: voucherify }));
    expectDocumented('/client/v1/events', 'post', await rest('POST', '/client/v1/events', { body: { ...voucherify, event: '' } }));
    const capillary = {
      eventName: 'contract',
      actions: 'EMFConsumer',
      identifierType: { value: 'email', valueType: 'c@example.com' },
      addCustomerIfNotExists: true,
    };
    expectDocumented('/v2/events', 'post', await rest('POST', '/v2/events', { body: capillary }));
    expectDocumented('/v2/events', 'post', await rest('POST', '/v2/events', { body: { ...capillary, actions: 'x' } }));
    expectDocumented('/identify', 'post', await rest('POST', '/api/identify', { body: { accountId: 'acc_oac1', anonymousId: 'anon_contract1' } }));
    expectDocumented(
      '/webEvents/batch',
      'post',
      await rest('POST', '/api/webevents/batch', { body: { batch: [{ name: 'View' }, { name: '' }, 'nonsense'] }, key: false }),
    );
  });

  it('of the webhook routes, successes and errors', async () => {
    const created = await rest('POST', '/api/webhooks', { body: { url: 'http://127.0.0.1:9/contract', events: ['lead.created'] } });
    expectDocumented('/webhooks', 'post', created);
    const { id } = created.body.doc;
    expectDocumented('/webhooks', 'get', await rest('GET', '/api/webhooks'));
    await rest('POST', '/api/leads', { body: { email: 'hooked@example.com', phone: '555-0100' } });
    const deliveries = await rest('GET', `/api/webhooks/${id}/deliveries`);
    expect(deliveries.body.docs).toHaveLength(1);
    expectDocumented('/webhooks/{id}/deliveries', 'get', deliveries);
    expectDocumented('/webhooks/deliveries/{id}/replay', 'post', await rest('POST', `/api/webhooks/deliveries/${deliveries.body.docs[0].id}/replay`));
    expectDocumented('/webhooks/{id}', 'delete', await rest('DELETE', `/api/webhooks/${id}`));
    const readOnly = { authorization: await testApiKey(['read']) };
    expectDocumented('/webhooks', 'get', await rest('GET', '/api/webhooks', { headers: readOnly }));
    expectDocumented('/webhooks', 'get', await rest('GET', '/api/webhooks', { key: false }));
    expectDocumented('/webhooks', 'post', await rest('POST', '/api/webhooks', { body: { url: 'x', events: [] } }));
    expectDocumented('/webhooks/{id}', 'delete', await rest('DELETE', `/api/webhooks/${id}`));
    expectDocumented('/webhooks/{id}/deliveries', 'get', await rest('GET', `/api/webhooks/${id}/deliveries?limit=0`));
  });

  it("of the CRM's routes: restore, history, audit, export, erase", async () => {
    const created = await rest('POST', '/api/leads', { body: { email: 'crm-contract@example.com', phone: '555-0100' } });
    const id = created.body.doc.id;
    expectDocumented('/leads/{id}/history', 'get', await rest('GET', `/api/leads/${id}/history`));
    expectDocumented('/leads/{id}/history', 'get', await rest('GET', `/api/leads/${id}/history?depth=1`));
    expectDocumented('/leads/{id}/history', 'get', await rest('GET', '/api/leads/led_nobody/history'));
    await rest('DELETE', `/api/leads/${id}`);
    expectDocumented('/leads/{id}/restore', 'post', await rest('POST', `/api/leads/${id}/restore`));
    expectDocumented('/leads/{id}/restore', 'post', await rest('POST', `/api/leads/${id}/restore`));
    expectDocumented('/audit', 'get', await rest('GET', `/api/audit?entity=Lead&key=${id}`));
    expectDocumented('/audit', 'get', await rest('GET', '/api/audit'));
    expectDocumented('/audit', 'get', await rest('GET', '/api/audit?entity=Lead', { headers: { authorization: await testApiKey(['read']) } }));
    await rest('POST', '/api/consumers', { body: { id: 'con_oac_erase', firstName: 'E', lastName: 'R', phoneNumber: '555-0100', birthDate: '1990-01-01' } });
    expectDocumented('/consumers/{id}/export', 'get', await rest('GET', '/api/consumers/con_oac_erase/export'));
    expectDocumented('/consumers/{id}/export', 'get', await rest('GET', '/api/consumers/con_oac_erase/export?depth=2'));
    expectDocumented('/consumers/{id}/erase', 'post', await rest('POST', '/api/consumers/con_oac_erase/erase'));
    expectDocumented('/consumers/{id}/erase', 'post', await rest('POST', '/api/consumers/con_oac_erase/erase'));
  });

  it('of errors: 400, 401, 403, 404, 409, 413, 415', async () => {
    const readOnly = { authorization: await testApiKey(['read']) };
    expectDocumented('/leads', 'get', await rest('GET', '/api/leads?search=x'));
    expectDocumented('/leads', 'get', await rest('GET', '/api/leads', { key: false }));
    expectDocumented('/leads', 'post', await rest('POST', '/api/leads', { body: {}, headers: readOnly }));
    expectDocumented('/leads/{id}', 'get', await rest('GET', '/api/leads/led_nobody'));
    expectDocumented('/states', 'post', await rest('POST', '/api/states', { body: { code: 'IL' } }));
    expectDocumented('/leads', 'post', await rest('POST', '/api/leads', { rawBody: 'x', headers: { 'content-type': 'text/plain' } }));
    expectDocumented('/webEvents/batch', 'post', await rest('POST', '/api/webevents/batch', { body: { batch: 'x' }, key: false }));
  });
});
