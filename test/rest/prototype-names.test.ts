// Names a request chooses (a route, a docs asset, a where key) that are also properties of every
// plain object. Looked up in a plain object, `constructor` found Object itself: the request hung,
// or threw and came back as a text/plain stack trace without the security headers.
import { describe, expect, it } from 'vitest';
import { prototypeNames, withinTime } from '../helpers/prototype-names.js';
import { rest } from '../helpers/rest.js';

describe('routes named like Object.prototype properties', () => {
  it.each(prototypeNames)('/api/%s, also under /api/docs/ and as a collection, answers 404 as JSON with the security headers', async (name) => {
    for (const path of [`/api/${name}`, `/api/docs/${name}`, `/api/${name}/x`, `/api/openapi.json/${name}`]) {
      const response = await withinTime(rest('GET', path));
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.body, path).toMatchObject({ error: { code: 404 }, success: false });
    }
  });
});

describe('where keys named like Object.prototype properties', () => {
  // qs dropped them: the filter was not applied and the whole collection came back with 200.
  it.each(prototypeNames)('where[%s], as a field or as an operator, answers 400 naming it', async (name) => {
    for (const query of [
      `where[${name}][equals]=x`,
      `where[id][${name}]=x`,
      `where[or][0][${name}][equals]=x`,
      `where[id][equals]=nobody&where[${name}][equals]=x`,
    ]) {
      const response = await withinTime(rest('GET', `/api/webevents?${query}`));
      expect(response.status, query).toBe(400);
      expect(response.body.error.message, query).toMatch(new RegExp(`^where(\\.\\w+)*: .*${name === '__proto__' ? '__proto__' : ''}`));
    }
  });
});

describe('body fields named like Object.prototype properties', () => {
  // A `__proto__` key copied into a plain object set its prototype instead of being a field.
  it.each(prototypeNames)('"%s" is not a field of a web event (400)', async (name) => {
    const response = await rest('POST', '/api/webevents', { rawBody: `{"name": "Page View", "${name}": {"name": "x"}}`, key: false });
    expect(response.status).toBe(400);
    expect(response.body.error.problems).toEqual([{ field: name, message: 'is not a field of WebEvent documents' }]);
  });
});
