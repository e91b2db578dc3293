// An event's properties: a free-form JSON object, held to limits so that one event cannot be a
// megabyte of nesting, and indexed by the entries it holds (`propertiesIndex`), so that a filter on
// a property's value or presence is a GIN index lookup rather than a scan of every event's JSON.
import { createHash } from 'node:crypto';
import type { Problem } from '../errors.js';
import { unstorableText } from './storable-text.js';

export const propertyLimits = {
  /** The object as JSON, in UTF-8 bytes. */
  bytes: 32_768,
  /** Objects and arrays inside one another, the properties object itself being level 1. */
  depth: 8,
  /** Keys of every object inside, in all. */
  keys: 256,
  /** Characters of one key, counted as code points (an emoji is one). */
  keyLength: 128,
  /** Items of one array. */
  arrayItems: 1_000,
};

/**
 * How an encrypted value begins (auth/field-encryption.ts uses it). No property value a caller sends
 * may begin so, so that a stored property that does is always one the server encrypted.
 */
export const encryptedPrefix = 'enc:v1:';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Characters (code points) of a text: an emoji is one, though two UTF-16 units. */
const characters = (text: string) => (text.length <= propertyLimits.keyLength ? text.length : [...text].length);

/** What is wrong with a properties value, each problem with the path of its key (`input.properties.vehicle.vin`). */
export function jsonObjectProblems(value: unknown, path: string): Problem[] {
  if (!isObject(value)) return [{ field: path, message: 'must be a JSON object' }];
  const problems: Problem[] = [];
  let keys = 0;
  // Depth first, stopping at the first level past the limit, so no value can make this recurse deep.
  const visit = (node: unknown, at: string, depth: number) => {
    if (typeof node === 'string') {
      const unstorable = unstorableText(node);
      if (unstorable) problems.push({ field: at, message: unstorable });
      if (node.startsWith(encryptedPrefix))
        problems.push({ field: at, message: `must not begin with ${encryptedPrefix} (kept for values the server encrypts)` });
      return;
    }
    // JSON has no Infinity: 1e400 would be stored as null, not as sent.
    if (typeof node === 'number' && !Number.isFinite(node)) {
      problems.push({ field: at, message: 'must be a number JSON can hold (1e400 is beyond it)' });
      return;
    }
    // A number is read as a double: past 2^53 its digits are rounded (12345678901234567890 would
    // come back as 12345678901234567000), so it would not come back as sent. Send it as text.
    if (typeof node === 'number' && Math.abs(node) > Number.MAX_SAFE_INTEGER) {
      problems.push({
        field: at,
        message: `must be a number of at most ${Number.MAX_SAFE_INTEGER} (2^53 - 1) either way: a larger one loses digits; send it as text`,
      });
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    if (depth > propertyLimits.depth) {
      problems.push({ field: at, message: `nests objects and arrays more than ${propertyLimits.depth} levels deep` });
      return;
    }
    if (Array.isArray(node)) {
      if (node.length > propertyLimits.arrayItems) problems.push({ field: at, message: `must have at most ${propertyLimits.arrayItems} items` });
      else
        node.forEach((item, index) => {
          visit(item, `${at}.${index}`, depth + 1);
        });
      return;
    }
    for (const [key, item] of Object.entries(node)) {
      keys += 1;
      // A key that breaks a rule is not repeated in the message: it may be anything, of any length.
      if (key.length === 0 || characters(key) > propertyLimits.keyLength || key.includes('\u0000')) {
        problems.push({ field: at, message: `has a key that is not 1 to ${propertyLimits.keyLength} characters without NUL` });
        continue;
      }
      if (unstorableText(key)) {
        problems.push({ field: at, message: 'has a key that is not well-formed Unicode (a lone UTF-16 surrogate)' });
        continue;
      }
      visit(item, `${at}.${key}`, depth + 1);
    }
  };
  visit(value, path, 1);
  if (keys > propertyLimits.keys) problems.push({ field: path, message: `must have at most ${propertyLimits.keys} keys in all, nested ones included` });
  if (Buffer.byteLength(JSON.stringify(value)) > propertyLimits.bytes) {
    problems.push({ field: path, message: `must be at most ${propertyLimits.bytes} bytes as JSON` });
  }
  return problems.slice(0, 20);
}

/** Why a filter's path (`vehicle.vin`) cannot name a property, or undefined when it can. */
export function propertyPathProblem(path: string): string | undefined {
  const segments = path.split('.');
  if (segments.length > propertyLimits.depth || segments.some((segment) => segment.length === 0 || characters(segment) > propertyLimits.keyLength)) {
    return `must be keys joined by dots (vehicle.vin), at most ${propertyLimits.depth}, each 1 to ${propertyLimits.keyLength} characters`;
  }
  return undefined;
}

export type PropertyValue = string | number | boolean;

// Entries longer than this are kept as their hash: a GIN entry must fit a third of a page.
const maxEntryBytes = 256;

const entry = (text: string) => (Buffer.byteLength(text) > maxEntryBytes ? `sha256:${createHash('sha256').update(text).digest('base64url')}` : text);

/** The index entry that says a property is present at `path` (whatever its value, null included). */
export const presenceEntry = (path: readonly string[]) => entry(JSON.stringify(path));

/** The index entry of a property at `path` with this value (a string, a number or a boolean). */
export const valueEntry = (path: readonly string[], value: PropertyValue | null) => entry(`${JSON.stringify(path)}=${JSON.stringify(value)}`);

/**
 * Every entry of a properties object: the presence of each key path (arrays are values, not
 * descended into) and the value of each path that holds a string, a number, a boolean or null,
 * except below the `sensitive` top-level properties.
 */
export function propertyEntries(properties: unknown, sensitive: readonly string[] = []): string[] {
  const entries = new Set<string>();
  const visit = (node: Record<string, Json>, path: string[]) => {
    for (const [key, value] of Object.entries(node)) {
      const at = [...path, key];
      entries.add(presenceEntry(at));
      // A sensitive property (by its event's definition) is indexed by its presence alone.
      if (path.length === 0 && sensitive.includes(key)) continue;
      if (isObject(value)) visit(value, at);
      else if (!Array.isArray(value)) entries.add(valueEntry(at, value));
    }
  };
  if (isObject(properties)) visit(properties, []);
  return [...entries];
}
