// An exception nobody expected, wherever it is thrown, is a masked 500 in the format of the API
// called, in JSON, with the security headers: never Yoga's text/plain page with the stack trace.
import { createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { withInternalErrorsAnswered } from '../src/plugins/answer-internal-errors.js';
import { useSecurityHeaders } from '../src/plugins/use-security-headers.js';
import { schema } from '../src/schema/index.js';
import { yoga } from '../src/yoga.js';

const failure = () => new Error(`failed at ${import.meta.filename}`);

async function expectMasked500(response: Response, body: unknown) {
  const text = await response.text();
  expect(response.status).toBe(500);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(JSON.parse(text)).toEqual(body);
  expect(text).not.toContain(import.meta.dirname);
}

describe('an exception inside the REST layer', () => {
  it('is a 500 ErrorModel', async () => {
    // A client that breaks off while sending its body: reading it throws inside the REST handler.
    const body = new ReadableStream<Uint8Array>({ pull: (controller) => controller.error(failure()) });
    const response = await yoga.fetch('http://localhost/api/webevents', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    await expectMasked500(response, { error: { code: 500, message: 'Internal Server Error' }, success: false, errors: [{ message: 'Internal Server Error' }] });
  });
});

describe("an exception in a plugin's onRequest hook", () => {
  // The server's plugins catch what they expect; this one stands for a mistake in any of them.
  const throwing: Plugin = {
    onRequest() {
      throw failure();
    },
  };
  const server = createYoga({ schema, logging: false, plugins: withInternalErrorsAnswered([useSecurityHeaders(), throwing]) });

  it('is a masked GraphQL error on /graphql', async () => {
    const response = await server.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    await expectMasked500(response, { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });

  it('is the ErrorModel under /api', async () => {
    await expectMasked500(await server.fetch('http://localhost/api/leads'), {
      error: { code: 500, message: 'Internal Server Error' },
      success: false,
      errors: [{ message: 'Internal Server Error' }],
    });
  });

  it('also when the hook fails asynchronously', async () => {
    const later = createYoga({
      schema,
      logging: false,
      plugins: withInternalErrorsAnswered([useSecurityHeaders(), { onRequest: async () => Promise.reject(failure()) }]),
    });
    await expectMasked500(await later.fetch('http://localhost/api/leads'), {
      error: { code: 500, message: 'Internal Server Error' },
      success: false,
      errors: [{ message: 'Internal Server Error' }],
    });
  });
});
