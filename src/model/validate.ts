// Validates the scalar part of one record's input against its entity description. GraphQL has
// already checked the types; this checks what the OpenAPI adds (required-ness, patterns, formats)
// and sizes, collecting every problem with the path of its field. It has no side effects: values
// come back plain, and the write encrypts what is stored encrypted (writes/columns.ts).
import type { Problem } from '../errors.js';
import type { EntityDescription, ScalarField } from './entity.js';
import { fieldsOf } from './entity-fields.js';
import { jsonObjectProblems } from './properties.js';
import { rules } from './rules.js';
import { unstorableText } from './storable-text.js';

export type WriteMode = 'create' | 'update';

// Short text (names, emails, ids) is indexed, and an index entry must fit in a database page, so
// it is capped at 255 characters; free text (notes, prompts) may be longer.
const maxLongTextLength = 10_000;
const maxTextLength = 255;
export const maxListLength = 1_000;
const int32 = { min: -2_147_483_648, max: 2_147_483_647 };

type Value = string | number | boolean | Date | null;

function checkItem(field: ScalarField, value: unknown, isKey: boolean): string | undefined {
  switch (field.type) {
    case 'String':
    case 'Date': {
      if (typeof value !== 'string') return 'must be a string';
      if (value.length === 0 && (field.required || isKey)) return 'must not be empty';
      const limit = field.maxLength ?? (field.long ? maxLongTextLength : maxTextLength);
      if (value.length > limit) return `must be at most ${limit} characters`;
      const unstorable = unstorableText(value);
      if (unstorable) return unstorable;
      break;
    }
    case 'Int':
      if (!Number.isInteger(value) || (value as number) < int32.min || (value as number) > int32.max) return 'must be a 32-bit integer';
      break;
    case 'Float':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a finite number';
      break;
    case 'Boolean':
      if (typeof value !== 'boolean') return 'must be true or false';
      break;
    case 'DateTime':
      // The DateTime scalar has read the text (an ISO 8601 date-time with a zone) into a Date.
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) return 'must be an ISO 8601 date-time with a time zone';
      break;
  }
  const rule = field.rule && rules[field.rule];
  return rule ? (rule as (v: unknown) => string | undefined)(value) : undefined;
}

function toColumnValue(field: ScalarField, value: Value): unknown {
  // Dates travel as YYYY-MM-DD and are stored as PostgreSQL `date` (midnight UTC).
  return field.type === 'Date' && typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value;
}

/** The name a caller gave each field under, where it used an alias, so errors use its words. */
export type GivenNames = Record<string, string>;

/** Folds aliases (seed 002's `phone`) into their canonical field, reporting a contradiction. */
export function applyAliases(
  entity: EntityDescription,
  input: Record<string, unknown>,
  path: string,
  problems: Problem[],
): { input: Record<string, unknown>; givenNames: GivenNames } {
  const givenNames: GivenNames = {};
  if (!entity.aliases) return { input, givenNames };
  const result = { ...input };
  for (const [alias, canonical] of Object.entries(entity.aliases)) {
    if (result[alias] === undefined) continue;
    if (result[canonical] !== undefined && JSON.stringify(result[canonical]) !== JSON.stringify(result[alias])) {
      problems.push({ field: `${path}.${alias}`, message: `is another name for ${canonical}; give one of them, or the same value` });
    }
    if (result[canonical] === undefined) givenNames[canonical] = alias;
    result[canonical] ??= result[alias];
    delete result[alias];
  }
  return { input: result, givenNames };
}

/** Returns the column values for the scalar fields present in `input`, pushing every problem found. */
export function validateScalars(
  entity: EntityDescription,
  input: Record<string, unknown>,
  mode: WriteMode,
  path: string,
  problems: Problem[],
  givenNames: GivenNames = {},
  /** A record added by an identifier alone (writes/plan.ts addedBy): the fields a create requires may be left out (not given as null). */
  requiredMayBeMissing = false,
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  // Made only for a problem: most fields have none.
  const at = (name: string) => `${path}.${givenNames[name] ?? name}`;
  for (const [name, field] of fieldsOf(entity).scalars) {
    const value = input[name];
    const isKey = entity.key.includes(name);
    if (field.serverSet) continue;
    if (value !== undefined && field.createOnly && mode === 'update') {
      problems.push({ field: at(name), message: 'is set when the record is created and cannot be changed' });
      continue;
    }
    if (value === undefined) {
      if (mode === 'create' && field.required && !requiredMayBeMissing) problems.push({ field: at(name), message: 'is required' });
      continue;
    }
    if (value === null) {
      if (field.required || isKey) problems.push({ field: at(name), message: 'is required and cannot be null' });
      else data[name] = field.list ? [] : null;
      continue;
    }
    if (field.list) {
      if (!Array.isArray(value)) {
        problems.push({ field: at(name), message: 'must be a list' });
        continue;
      }
      if (value.length > maxListLength) {
        problems.push({ field: at(name), message: `must have at most ${maxListLength} items` });
        continue;
      }
      value.forEach((item, index) => {
        const message = item === null ? 'must not be null' : checkItem(field, item, false);
        if (message) problems.push({ field: `${at(name)}.${index}`, message });
      });
      data[name] = value.map((item) => toColumnValue(field, item as Value));
      continue;
    }
    if (field.type === 'JSON') {
      const found = jsonObjectProblems(value, at(name));
      if (found.length > 0) problems.push(...found);
      else data[name] = value;
      continue;
    }
    const message = checkItem(field, value, isKey);
    if (message) problems.push({ field: at(name), message });
    else data[name] = toColumnValue(field, value as Value);
  }
  return data;
}

/** Why a value cannot be a key to connect to (undefined when it can); `limit` is the key field's own (an event definition's name: 300). */
export function keyProblem(value: unknown, limit = maxTextLength): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > limit) return `must be a key of 1 to ${limit} characters`;
  return unstorableText(value);
}

/** Why a value cannot be the given key field of an entity (undefined when it can). */
export const keyFieldProblem = (entity: EntityDescription, field: string, value: unknown) => keyProblem(value, entity.scalars[field]?.maxLength);
