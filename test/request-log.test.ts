// The request log's levels and what it shows of a client's operation name: 5xx at error, 4xx at
// info; an operation name only when it looks like code (a name may carry an SSN). The database
// being unreachable (503) is in test/database-unavailable.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { log } from '../src/logger.js';
import { yoga } from '../src/yoga.js';
import { testApiKey } from './helpers/api-key.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The request lines logged while `work` runs, each with its level. */
async function requestLines(work: () => Promise<unknown>) {
  const lines: { level: string; fields: Record<string, unknown> }[] = [];
  for (const level of ['info', 'warn', 'error'] as const) {
    vi.spyOn(log, level).mockImplementation(((fields: unknown, message?: string) => {
      if (message === 'request') lines.push({ level, fields: fields as Record<string, unknown> });
    }) as typeof log.info);
  }
  await work();
  return lines;
}

const postQuery = async (query: string) =>
  yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: await testApiKey() },
    body: JSON.stringify({ query }),
  });

describe('the request log', () => {
  it('logs an operation name that looks like code, and a placeholder for one that may hold data', async () => {
    const key = await testApiKey(); // made before the spies, so its request is not counted
    expect(key).toBeTruthy();
    const lines = await requestLines(async () => {
      for (const name of ['LeadsPage', 'GetLeadsV2', 'Find123_45_6789', 'john_doe_at_example_com_and_a_name_far_too_long_to_be_code']) {
        expect((await postQuery(`query ${name} { states(first: 1) { totalCount } }`)).status).toBe(200);
      }
      await postQuery('{ states(first: 1) { totalCount } }');
    });
    expect(lines.map((line) => line.fields.operation)).toEqual([
      'LeadsPage',
      'GetLeadsV2',
      'query (name not logged)',
      'query (name not logged)',
      'anonymous query',
    ]);
    expect(JSON.stringify(lines)).not.toContain('6789');
  });

  it('logs a 4xx at info and a 5xx at error', async () => {
    const lines = await requestLines(async () => {
      expect((await yoga.fetch('http://localhost/nosuch')).status).toBe(404);
      // A client that breaks off while sending its body: an unexpected failure, a masked 500.
      const body = new ReadableStream<Uint8Array>({ pull: (controller) => controller.error(new Error('broken off')) });
      const failed = await yoga.fetch('http://localhost/api/webevents', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(failed.status).toBe(500);
    });
    expect(lines.map(({ level, fields }) => [level, fields.route, fields.status])).toEqual([
      ['info', 'unknown', 404],
      ['error', '/api/webEvents', 500],
    ]);
  });
});
