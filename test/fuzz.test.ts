// Property-based fuzzing: malformed JSON, wrong types, missing and extra fields, huge strings and
// lists, deep nesting, unicode edge cases and injection strings, against every REST route and every
// GraphQL create mutation. Whatever comes in: never a 5xx, and every 4xx names what was wrong.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { entities } from '../src/model/entities.js';
import { collections } from '../src/rest/collections.js';
import { execute } from './helpers/graphql.js';
import { prototypeNames, withinTime } from './helpers/prototype-names.js';
import { rest } from './helpers/rest.js';

const runs = Number(process.env.FUZZ_RUNS ?? 150);
let cases = 0;

const nasty = fc.oneof(
  fc.constantFrom(
    '\'; DROP TABLE "Consumer"; --',
    '" OR 1=1 --',
    '{"$gt": ""}',
    '$where',
    '\u0000',
    '\uD800',
    '👩‍👩‍👧‍👦'.repeat(50),
    'ﷺ',
    '../../etc/passwd',
    '%00',
    '1e309',
    '-0',
  ),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ minLength: 250, maxLength: 20_000 }).map((text) => text.padEnd(300, 'x')),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    nasty,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(
      fc.oneof(nasty, fc.constantFrom('id', 'name', 'account', 'consumer', 'lead', 'email', 'phone', 'favorites', 'connect', 'upsert')),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

// A plausible body with some of the entity's own field names, so the fuzz reaches validation.
const bodyFor = (entity: keyof typeof entities) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(entities[entity].scalars), ...Object.keys(entities[entity].relations)), nasty), value, { maxKeys: 8 });

const collectionOf = (slug: string) => collections.find((collection) => collection.slug === slug)!.entity.name;

// A URL cannot carry a lone surrogate: a client would send its replacement character.
const encoded = (text: string) => encodeURIComponent(text.toWellFormed());

const expectClearAnswer = (status: number, body: unknown, label: string) => {
  expect(status, label).toBeLessThan(500);
  if (status >= 400) {
    const message =
      (body as { error?: { message?: string }; errors?: { message?: string }[] })?.error?.message ??
      (body as { errors?: { message?: string }[] })?.errors?.[0]?.message;
    expect(typeof message, label).toBe('string');
    expect(message!.length, label).toBeGreaterThan(0);
  }
};

afterAll(async () => {
  // The injection strings changed nothing they should not have: every table is still there.
  const tables = await prisma.$queryRaw<{ count: bigint }[]>`SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'`;
  expect(Number(tables[0].count)).toBeGreaterThanOrEqual(18);
  console.log(`fuzz: ${cases} cases, no 5xx`);
});

describe('REST under fuzzing', () => {
  it('answers every route and body with a clear 2xx or 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...collections.map((collection) => collection.slug), 'unicorns', 'webevents/batch'),
        fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT'),
        fc.option(nasty, { nil: undefined }),
        fc.oneof(
          value.map((body) => JSON.stringify(body)),
          fc
            .array(fc.record({ name: nasty, account: fc.oneof(nasty, value) }, { requiredKeys: [] }), { maxLength: 4 })
            .map((batch) => JSON.stringify({ batch })),
          fc.string({ maxLength: 200 }),
          fc.constantFrom('{', '{"a":', '[', 'null', '"text"', '{"batch": 5}'),
        ),
        fc.oneof(
          fc.constant(''),
          nasty.map((text) => `?where[name][equals]=${encoded(text)}`),
          nasty.map((text) => `?depth=${encoded(text)}&sort=${encoded(text)}`),
          fc.constant('?where[or][0][id][in]=a,b&limit=5&page=2'),
          fc.constant('?where[%E0%A4%A]=x&limit=%ZZ'),
        ),
        async (slug, method, id, rawBody, search) => {
          cases += 1;
          const path = `/api/${slug}${id !== undefined ? `/${encoded(id)}` : ''}${search}`;
          const hasBody = method === 'POST' || method === 'PATCH' || method === 'PUT';
          const response = await rest(method, path, hasBody ? { rawBody } : {}).catch((error: Error) => ({ status: 0, body: String(error) }));
          expectClearAnswer(response.status, response.body, `${method} ${path} ${rawBody.slice(0, 200)}`);
          // A batch answers 200 with one result per event: none of those may be a server error either.
          for (const result of Array.isArray(response.body?.data) ? response.body.data : []) {
            expect(result?.error?.code ?? 200, `${path} ${rawBody.slice(0, 200)}`).toBeLessThan(500);
          }
        },
      ),
      { numRuns: runs * 2 },
    );
  });

  it("answers names of Object.prototype's properties, as routes, where keys and body fields, without a 5xx, a hang or a wider list", async () => {
    // Names a plain-object lookup finds on every object: such a lookup hung /api/constructor, made
    // /api/docs/toString a 500, and dropped where[toString] so the whole collection came back.
    const places = {
      route: { method: 'GET', path: (name: string) => `/api/${name}` },
      'docs asset': { method: 'GET', path: (name: string, slug: string) => `/api/docs/${name}?${slug}` },
      document: { method: 'DELETE', path: (name: string, slug: string) => `/api/${slug}/${name}` },
      'where field': { method: 'GET', path: (name: string, slug: string) => `/api/${slug}?where[${name}][equals]=x` },
      'where operator': {
        method: 'GET',
        path: (name: string, slug: string) => `/api/${slug}?where[or][0][${Object.keys(entities[collectionOf(slug)].scalars)[0]}][${name}]=x`,
      },
      'body field': { method: 'POST', path: (_name: string, slug: string) => `/api/${slug}` },
    } as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...prototypeNames),
        fc.constantFrom(...collections.map((collection) => collection.slug)),
        fc.constantFrom(...(Object.keys(places) as (keyof typeof places)[])),
        async (name, slug, place) => {
          cases += 1;
          const { method, path } = places[place];
          const rawBody = place === 'body field' ? `{"${name}": {"id": "x"}}` : undefined;
          const response = await withinTime(rest(method, path(name, slug), { rawBody }), 5_000);
          expectClearAnswer(response.status, response.body, `${place} ${name} on ${slug}`);
          // A filter or a field that is not applied would widen the answer: each must be refused.
          if (place.startsWith('where') || place === 'body field') expect(response.status, `${place} ${name} on ${slug}`).toBe(400);
        },
      ),
      { numRuns: runs },
    );
  });

  it.each(collections.map((collection) => [collection.slug, collection.entity.name] as const))(
    'answers fuzzed %s bodies with 200 or a clear 4xx',
    async (slug, name) => {
      await fc.assert(
        fc.asyncProperty(bodyFor(name), async (body) => {
          cases += 1;
          const response = await rest('POST', `/api/${slug}`, { body });
          expectClearAnswer(response.status, response.body, JSON.stringify(body).slice(0, 300));
        }),
        { numRuns: Math.ceil(runs / 3) },
      );
    },
  );
});

describe('GraphQL mutations under fuzzing', () => {
  it.each(Object.keys(entities))('create%s answers every input with data or errors carrying a code', async (name) => {
    await fc.assert(
      fc.asyncProperty(bodyFor(name as keyof typeof entities), async (input) => {
        cases += 1;
        const result = await execute(`mutation($input: Create${name}Input!) { create${name}(input: $input) { __typename } }`, { input });
        expectClearAnswer(result.status, result, JSON.stringify(input).slice(0, 300));
        for (const error of result.errors ?? []) expect(error.extensions?.code).toMatch(/^[A-Z_]+$/);
      }),
      { numRuns: Math.ceil(runs / 3) },
    );
  });

  it('answers filters full of injection strings without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, fc.constantFrom('equals', 'contains', 'startsWith', 'like', 'in'), async (text, operator) => {
        cases += 1;
        const condition = operator === 'in' ? { in: [text] } : { [operator]: text };
        const result = await execute(`query($filter: ConsumerFilter) { consumers(filter: $filter) { totalCount } }`, {
          filter: { email: condition, OR: [{ lastName: condition }] },
        });
        expectClearAnswer(result.status, result, text.slice(0, 100));
      }),
      { numRuns: runs },
    );
  });
});
