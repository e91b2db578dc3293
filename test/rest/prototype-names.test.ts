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
