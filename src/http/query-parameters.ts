// A query string's parameters, decoded strictly. URLSearchParams turns a percent-escaped byte that
// is not UTF-8 (%FF) into U+FFFD, and qs keeps it as the text "%FF": either way a filter or a
// GraphQL variable holds what nobody sent (a GET's variables {"a": "%FF%FE"} matched a stored
// "\uFFFD\uFFFD"). Here the bytes the escapes stand for go through the fatal decoder bodies go
// through (json-body.ts), and a parameter whose name or value is not UTF-8 is refused.
import { decodeUtf8 } from './json-body.js';

export type QueryParameters = { parameters: [name: string, value: string][] } | { notUtf8: { rawName: string } };

const encoder = new TextEncoder();
const percent = 0x25;

const hexValue = (byte: number) =>
  byte >= 0x30 && byte <= 0x39 ? byte - 0x30 : byte >= 0x41 && byte <= 0x46 ? byte - 0x37 : byte >= 0x61 && byte <= 0x66 ? byte - 0x57 : -1;

/** The text the form-encoded `text` stands for, or undefined when its bytes are not UTF-8. */
export function formDecoded(text: string): string | undefined {
  const bytes = encoder.encode(text.replaceAll('+', ' '));
  const decoded = new Uint8Array(bytes.length);
  let length = 0;
  for (let index = 0; index < bytes.length; index += 1) {
    const high = bytes[index] === percent && index + 2 < bytes.length ? hexValue(bytes[index + 1]) : -1;
    const low = high >= 0 ? hexValue(bytes[index + 2]) : -1;
    if (low >= 0) {
      decoded[length++] = high * 16 + low;
      index += 2;
    } else {
      // A % that starts no escape is itself, as URLSearchParams and qs read it.
      decoded[length++] = bytes[index];
    }
  }
  return decodeUtf8(decoded.subarray(0, length));
}

/**
 * The parameters of `search` (with or without its `?`) in order, or the first one that is not
 * UTF-8, by its name as sent (still escaped), for the caller to name it if it is one it knows.
 */
export function queryParameters(search: string): QueryParameters {
  const parameters: [string, string][] = [];
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    const name = formDecoded(rawName);
    const value = equals === -1 ? '' : formDecoded(pair.slice(equals + 1));
    if (name === undefined || value === undefined) return { notUtf8: { rawName } };
    parameters.push([name, value]);
  }
  return { parameters };
}
