// An event property may be named like Object.prototype's members (`__proto__`, `constructor`,
// `hasOwnProperty`, ...): a filter on it, over REST and GraphQL, finds the events that hold it like
// a filter on any other key (outside attack E10), at the top and deeper in a path.
import { beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../helpers/graphql.js';
import { prototypeNames } from '../helpers/prototype-names.js';
import { type RestResponse, rest } from '../helpers/rest.js';

const tag = `proto${Math.random().toString(36).slice(2, 10)}`;
const ids = new Map<string, string>();

// Web events answer in the commerce envelope: {data: {docs, ...}, success}.
const docsOf = (response: RestResponse) => response.body.data?.docs ?? response.body.docs;
const byName = (name: string) => `where[name][equals]=${tag}&where[properties.${encodeURIComponent(name)}]`;

beforeAll(async () => {
  for (const name of prototypeNames) {
    // JSON.parse keeps "__proto__" an own key; the body goes as text, as a client sends it.
    const properties = JSON.parse(`{${JSON.stringify(name)}: "v-${name}", "nested": {${JSON.stringify(name)}: 7}}`);
    const response = await rest('POST', '/api/webevents', { rawBody: JSON.stringify({ name: tag, properties }) });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    ids.set(name, response.body.data.id);
  }
  // An event without any of them, which no filter below may find.
  expect((await rest('POST', '/api/webevents', { body: { name: tag, properties: { other: 1 } } })).status).toBe(200);
});

describe.each(prototypeNames)('a property named %s', (name) => {
  it('filters by equals, in, exists and a nested path over REST', async () => {
    for (const query of [
      `${byName(name)}[equals]=v-${name}`,
      `${byName(name)}[in]=v-${name},nothing`,
      `${byName(name)}[exists]=true`,
      `where[name][equals]=${tag}&where[properties.nested.${encodeURIComponent(name)}][greater_than_equal]=7`,
    ]) {
      const response = await rest('GET', `/api/webevents?${query}`);
      expect(response.status, `${query}: ${JSON.stringify(response.body)}`).toBe(200);
      expect(
        docsOf(response).map((doc: { id: string }) => doc.id),
        query,
      ).toEqual([ids.get(name)]);
    }
    const absent = await rest('GET', `/api/webevents?${byName(name)}[exists]=false&limit=100`);
    expect(absent.status).toBe(200);
    expect(docsOf(absent)).toHaveLength(prototypeNames.length);
  });

  it('filters over GraphQL', async () => {
    const query = `query($name: String!, $path: String!, $value: JSON!) {
      webEvents(filter: {name: {equals: $name}, properties: {path: $path, equals: $value}}) { edges { node { id } } }
    }`;
    const data = await ok<{ webEvents: { edges: { node: { id: string } }[] } }, object>(query, { name: tag, path: name, value: `v-${name}` });
    expect(data.webEvents.edges.map((edge) => edge.node.id)).toEqual([ids.get(name)]);
  });
});

it('a where on a field named __proto__ (not a property) is still a 400 naming where', async () => {
  const response = await rest('GET', '/api/webevents?where[__proto__][equals]=x');
  expect(response.status).toBe(400);
  expect(response.body.errors[0].field).toBe('where');
});
