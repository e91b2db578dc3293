// REST calls through the Yoga server, in process, as curl would make them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { yoga } from '../../src/yoga.js';
import { testApiKey } from './api-key.js';

export interface RestResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: a JSON body, which each test reads its own way
  body: any;
}

export async function rest(
  method: string,
  url: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string>; key?: boolean } = {},
): Promise<RestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== false && !('authorization' in headers)) headers.authorization = await testApiKey();
  if ((options.body !== undefined || options.rawBody !== undefined) && !('content-type' in headers)) headers['content-type'] = 'application/json';
  const response = await yoga.fetch(`http://localhost${url}`, {
    method,
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const seedsDir = path.resolve(import.meta.dirname, '../fixtures/seeds');

/** A seed document (test/fixtures/seeds, copied verbatim from the specification), by its number (`000`). */
export function seedText(number: string): string {
  const file = readdirSync(seedsDir).find((name) => name.startsWith(`${number}_`));
  if (!file) throw new Error(`no seed ${number} in ${seedsDir}`);
  return readFileSync(path.join(seedsDir, file), 'utf8');
}

/** The JSON value that starts at `from` in `text`: the first balanced {...} after it. */
export function jsonAfter(text: string, from: string): unknown {
  const start = text.indexOf('{', text.indexOf(from) + from.length - 1);
  let depth = 0;
  for (let index = start; index < text.length; index += 1) {
    if (text[index] === '{') depth += 1;
    if (text[index] === '}' && --depth === 0) return JSON.parse(text.slice(start, index + 1));
  }
  throw new Error(`no JSON object after ${from}`);
}
