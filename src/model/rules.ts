// Value rules from the commerce OpenAPI, checked in this one place so that GraphQL and REST give
// the same answer. Each rule returns the message that names the rule, or undefined when it holds.

/**
 * The OpenAPI phone pattern is ^\+?1?[- ]?\(?([0-9]{3})\)?[- ]?([0-9]{3})-?([0-9]{4})$, yet the
 * seeds' own examples are 555-0199 and +1-555-0123 (no area code). We follow the examples: the
 * pattern with the area-code group made optional.
 */
const phonePattern = /^\+?1?[- ]?(?:\(?[0-9]{3}\)?[- ]?)?[0-9]{3}-?[0-9]{4}$/;

// A pragmatic email check (local@domain.tld, no spaces); `idn-email` allows non-ASCII letters.
const emailPattern = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+\.[^\s@"(),:;<>[\\\]]{2,}$/u;

// Characters that show as nothing (a zero-width space, a direction mark) or control the terminal:
// kate@x.com with U+200B after it looks like kate@x.com and would be a second person with her email.
const invisible = /[\p{Cc}\p{Cf}]/u;

// VINs are 17 characters of digits and capital letters other than I, O and Q (ISO 3779).
const vinPattern = /^[A-HJ-NPR-Z0-9]{17}$/;

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

const stateCodePattern = /^[A-Z]{2,3}$/;

/** Whether YYYY-MM-DD names a day of the calendar (not 2026-02-30, which a Date would roll over to March). */
export function isCalendarDate(value: string): boolean {
  const match = datePattern.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // setUTCFullYear, because Date.UTC reads years 0-99 as 1900-1999. PostgreSQL has no year 0.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// ISO 8601 with a date, a time and a zone.
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
// Years 0001-9999 in UTC, the range PostgreSQL and JavaScript share (PostgreSQL has no year 0):
// checked on the instant, not its text, since 0001-01-01T00:00:00+14:00 is still the year 0 in UTC.
const firstInstant = Date.parse('0001-01-01T00:00:00Z');
const lastInstant = Date.parse('9999-12-31T23:59:59.999Z');

/** The instant an ISO 8601 text names, or why it names none this server can store or compare. */
export function instantOf(value: string): { instant: Date } | { problem: string } {
  // A day the calendar has: JavaScript would read 2026-02-30 as March 2nd.
  const time = instantPattern.test(value) && isCalendarDate(value.slice(0, 10)) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) return { problem: 'must be an ISO 8601 date-time with a time zone, such as 2026-11-22T10:00:00Z' };
  if (time < firstInstant || time > lastInstant) return { problem: 'must be an instant from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (in UTC)' };
  return { instant: new Date(time) };
}

export const rules = {
  phone: (value: string) => (phonePattern.test(value) ? undefined : 'must be a phone number such as 555-0199, +1-555-0123 or (312) 555-0199'),
  email: (value: string) =>
    invisible.test(value)
      ? 'must be an email address without invisible or control characters (Unicode categories Cc and Cf, such as U+200B)'
      : emailPattern.test(value)
        ? undefined
        : 'must be an email address',
  vin: (value: string) => (vinPattern.test(value) ? undefined : 'must be a VIN: 17 characters, digits and capital letters except I, O and Q'),
  squishVin: (value: string) => (value.length === 10 ? undefined : 'must be exactly 10 characters'),
  date: (value: string) => (isCalendarDate(value) ? undefined : 'must be a calendar date in the form YYYY-MM-DD'),
  // An anonymous id names a visitor (identify links it to an account): empty names no one.
  anonymousId: (value: string) => (value.length > 0 ? undefined : 'must be an anonymous id of 1 to 255 characters'),
  nonNegative: (value: number) => (value >= 0 ? undefined : 'must be 0 or more'),
  stateCode: (value: string) => (stateCodePattern.test(value) ? undefined : 'must be a state code of 2 or 3 capital letters, such as IL'),
} satisfies Record<string, (value: never) => string | undefined>;

export type Rule = keyof typeof rules;

/** Each rule as JSON Schema, for the OpenAPI document: the patterns the checks above use, not copies. */
export const ruleSchemas = {
  phone: { pattern: phonePattern.source },
  email: { pattern: emailPattern.source },
  vin: { pattern: vinPattern.source },
  squishVin: { minLength: 10, maxLength: 10 },
  date: { format: 'date' },
  anonymousId: { minLength: 1 },
  nonNegative: { minimum: 0 },
  stateCode: { pattern: stateCodePattern.source },
} satisfies Record<Rule, Record<string, unknown>>;
