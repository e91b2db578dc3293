// What operators and browsers see: health probes, security headers and CORS.
import { describe, expect, it } from 'vitest';
import { yoga } from '../src/yoga.js';

describe('probes', () => {
  it('/health answers while the process runs and /ready while the database answers', async () => {
    const health = await yoga.fetch('http://localhost/health');
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await yoga.fetch('http://localhost/ready');
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', database: 'up' }]);
  });
});

describe('a path no route serves', () => {
  it.each(['/nosuch', '/graphqlx', '/api/no-such-route'])('%s is a 404 with the ErrorModel', async (path) => {
    const response = await yoga.fetch(`http://localhost${path}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      error: { code: 404, message: 'Not Found: no such route' },
      success: false,
      errors: [{ message: 'Not Found: no such route' }],
    });
  });
});

describe('security headers', () => {
  it.each(['/graphql?query=%7B__typename%7D', '/api/unicorns', '/health', '/api/openapi.json'])('are on %s', async (path) => {
    const response = await yoga.fetch(`http://localhost${path}`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('let the HTML pages load their scripts', async () => {
    const page = await yoga.fetch('http://localhost/api/docs');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toBeNull();
  });
});

describe('CORS', () => {
  it('lets any origin call without credentials, and never with them', async () => {
    const preflight = await yoga.fetch('http://localhost/api/leads', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://dealer.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(['*', 'https://dealer.example.com']).toContain(preflight.headers.get('access-control-allow-origin'));
    expect(preflight.headers.get('access-control-allow-credentials')).not.toBe('true');
  });
});

describe('cross-site requests', () => {
  // A page on another site can make a browser send a form (urlencoded, multipart or text/plain)
  // without a preflight. None of those is accepted as a write, and no cookie would carry a key.
  it.each(['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x'])('refuses a %s write', async (type) => {
    const rest = await yoga.fetch('http://localhost/api/webevents', { method: 'POST', headers: { 'content-type': type }, body: 'name=Forged' });
    expect(rest.status).toBe(415);
    const graphql = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': type },
      body: 'query=mutation { createWebEvent(input: { name: "Forged" }) { id } }',
    });
    expect(graphql.status).toBeGreaterThanOrEqual(400);
  });

  it('refuses a mutation sent as a GET (a link or an image)', async () => {
    const response = await yoga.fetch(`http://localhost/graphql?query=${encodeURIComponent('mutation { createWebEvent(input: { name: "Forged" }) { id } }')}`);
    expect(response.status).toBe(405);
  });
});
