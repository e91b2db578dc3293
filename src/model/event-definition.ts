// Event definitions (seed 003's fields, seed 004's event schema): what the events of one name must
// carry. A definition maps each property's name to its rules: a type (string, number, boolean, date,
// or enum with its values), whether it is required, part of the event's unique key, or sensitive
// (seed 003's PSI: encrypted at rest, masked without pii:read). Properties a definition does not
// name are free, as they are for an event without a definition. The rules apply to the top-level
// properties of an event: a definition names properties, not paths into them.
import type { Problem } from '../errors.js';
import type { Derived } from './entity.js';
import { isCalendarDate } from './rules.js';

export const propertyTypes = ['string', 'number', 'boolean', 'date', 'enum'] as const;
export type PropertyType = (typeof propertyTypes)[number];

export interface PropertyRule {
  type: PropertyType;
  /** The values an enum may take. */
  values?: string[];
  /** Every event must carry it (a unique-key property is required whether it says so or not). */
  required: boolean;
  /** Part of the unique key: with the event's name and customer, it makes the event unique. */
  uniqueKey: boolean;
  /** Encrypted at rest, masked without pii:read, never in a log or an error. */
  sensitive: boolean;
}

export interface EventRules {
  name: string;
  properties: ReadonlyMap<string, PropertyRule>;
  /** An unknown customer identifier stores the event with it (true) or is refused (false, the default). */
  addCustomerIfNotExists: boolean;
}

/**
 * Characters of an event's name (seed 004: "Required string length: 1 - 300"), for web events and
 * their definitions alike. Still indexed: 300 characters are at most 1,200 bytes, well within a
 * btree entry.
 */
export const eventNameMaxLength = 300;

const ruleKeys = new Set(['type', 'values', 'required', 'uniqueKey', 'sensitive', 'description']);
const maxProperties = 100;
const maxEnumValues = 100;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What is wrong with a definition's `properties` (each problem names the property and the rule). */
export function definitionProblems(properties: unknown, path: string): Problem[] {
  if (!isObject(properties)) return [{ field: path, message: 'must be an object of property names to their rules' }];
  const names = Object.keys(properties);
  if (names.length > maxProperties) return [{ field: path, message: `must define at most ${maxProperties} properties` }];
  const problems: Problem[] = [];
  for (const name of names) {
    const rule = properties[name];
    const at = `${path}.${name}`;
    if (!isObject(rule)) {
      problems.push({ field: at, message: 'must be an object: {type, required, uniqueKey, sensitive, values}' });
      continue;
    }
    for (const key of Object.keys(rule))
      if (!ruleKeys.has(key)) problems.push({ field: `${at}.${key}`, message: 'is not a rule (type, values, required, uniqueKey, sensitive, description)' });
    if (!propertyTypes.includes(rule.type as PropertyType)) problems.push({ field: `${at}.type`, message: `must be one of ${propertyTypes.join(', ')}` });
    for (const flag of ['required', 'uniqueKey', 'sensitive'])
      if (rule[flag] !== undefined && typeof rule[flag] !== 'boolean') problems.push({ field: `${at}.${flag}`, message: 'must be true or false' });
    if (rule.description !== undefined && (typeof rule.description !== 'string' || rule.description.length > 255))
      problems.push({ field: `${at}.description`, message: 'must be text of at most 255 characters' });
    if (rule.type === 'enum') {
      const values = rule.values;
      if (!Array.isArray(values) || values.length === 0 || values.length > maxEnumValues || values.some((value) => typeof value !== 'string'))
        problems.push({ field: `${at}.values`, message: `must be a list of 1 to ${maxEnumValues} texts (the values the enum may take)` });
    } else if (rule.values !== undefined) {
      problems.push({ field: `${at}.values`, message: 'is for enums only' });
    }
    // Seed 003: a unique-key field is mandatory.
    if (rule.uniqueKey === true && rule.required === false) problems.push({ field: `${at}.required`, message: 'cannot be false for a unique-key property' });
  }
  return problems;
}

/** The rules of a stored definition (one that definitionProblems found nothing wrong with). */
export function rulesOf(definition: { name: string; properties: unknown; addCustomerIfNotExists?: boolean | null }): EventRules {
  const properties = new Map<string, PropertyRule>();
  for (const [name, rule] of Object.entries(definition.properties as Record<string, Record<string, unknown>>)) {
    properties.set(name, {
      type: rule.type as PropertyType,
      values: rule.values as string[] | undefined,
      required: rule.required === true || rule.uniqueKey === true,
      uniqueKey: rule.uniqueKey === true,
      sensitive: rule.sensitive === true,
    });
  }
  return { name: definition.name, properties, addCustomerIfNotExists: definition.addCustomerIfNotExists === true };
}

const isoDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** Why a value breaks its property's type, or undefined. Never says the value: it may be sensitive. */
function typeProblem(rule: PropertyRule, value: unknown): string | undefined {
  switch (rule.type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string (the definition says so)';
    case 'number':
      // 1e400 (read as Infinity) is a number the properties' own check refuses (model/properties.ts): not said twice.
      return typeof value === 'number' ? undefined : 'must be a number (the definition says so)';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false (the definition says so)';
    case 'date':
      return typeof value === 'string' && isoDate.test(value) && isCalendarDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'must be a date or an instant in ISO 8601 (2026-11-30 or 2026-11-30T10:00:00Z; the definition says so)';
    case 'enum':
      return typeof value === 'string' && rule.values!.includes(value) ? undefined : `must be one of ${rule.values!.join(', ')} (the definition says so)`;
  }
}

/** What is wrong with an event's properties by its definition, each problem naming the property and the rule. */
export function eventPropertyProblems(rules: EventRules, properties: unknown, path: string): Problem[] {
  // Properties that are no object (a list, a number) are refused as such; none of their names is missing.
  if (properties !== undefined && properties !== null && !isObject(properties)) return [];
  const given = isObject(properties) ? properties : {};
  const problems: Problem[] = [];
  for (const [name, rule] of rules.properties) {
    const at = `${path}.${name}`;
    if (!Object.hasOwn(given, name) || given[name] === null) {
      if (rule.required)
        problems.push({ field: at, message: `is required by the definition of ${rules.name}${rule.uniqueKey ? ' (a unique-key property)' : ''}` });
      continue;
    }
    const problem = typeProblem(rule, given[name]);
    if (problem) problems.push({ field: at, message: problem });
  }
  return problems;
}

/** The names of the sensitive properties an event carries. */
export function sensitiveProperties(rules: EventRules | undefined, properties: unknown): string[] {
  if (!rules || !isObject(properties)) return [];
  return [...rules.properties].filter(([name, rule]) => rule.sensitive && Object.hasOwn(properties, name) && properties[name] !== null).map(([name]) => name);
}

/**
 * What makes an event unique under its definition (seed 003: the event's name, its customer and
 * its unique-key values), as text to be hashed; undefined when the definition has no unique key.
 */
export function uniqueKeyMaterial(rules: EventRules | undefined, customer: string, properties: unknown): string | undefined {
  if (!rules || !isObject(properties)) return undefined;
  const keyNames = [...rules.properties].filter(([, rule]) => rule.uniqueKey).map(([name]) => name);
  if (keyNames.length === 0) return undefined;
  return JSON.stringify([rules.name, customer, ...keyNames.sort().map((name) => [name, properties[name] ?? null])]);
}

/** The fields of an event that make up `material` (uniqueKeyMaterial's), as a 409 names them: its name and each key property. */
export function uniqueKeyFieldsOf(material: string): string[] {
  const [, , ...values] = JSON.parse(material) as [string, string, ...[string, unknown][]];
  return ['name', ...values.map(([name]) => `properties.${name}`)];
}

/** The problems of a definition's write: its properties' rules are checked as JSON first, then as rules. */
export function deriveEventDefinition(values: Record<string, unknown>, write: { path: string }): Derived {
  if (values.properties === undefined || values.properties === null) return {};
  return { problems: definitionProblems(values.properties, `${write.path}.properties`) };
}
