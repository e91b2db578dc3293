// The GraphQL-over-HTTP spec's own audit (graphql-http's serverAudits, by the spec's authors):
// every audit, MUST, SHOULD and MAY alike, answers ok (a non-string operationName was 200).
import { serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { yoga } from '../src/yoga.js';
import { testApiKey } from './helpers/api-key.js';

describe('GraphQL over HTTP, audited', () => {
  it('passes every audit of the spec', async () => {
    const authorization = `Bearer ${await testApiKey()}`;
    const audits = serverAudits({
      url: 'http://localhost/graphql',
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        headers.set('authorization', authorization);
        return yoga.fetch(String(input instanceof Request ? input.url : input), { ...init, headers });
      },
    });
    const failed: string[] = [];
    for (const audit of audits) {
      const result = await audit.fn();
      if (result.status !== 'ok') failed.push(`${audit.id} ${audit.name}: ${result.status} ${result.reason}`);
    }
    expect(failed).toEqual([]);
  });
});
