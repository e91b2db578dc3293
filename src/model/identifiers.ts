// How a consumer is found by an identifier (seed 003's identifierType, seed 004's customer
// source_id): an email without regard to case or surrounding spaces, a phone number by its digits
// (a leading US country code 1 dropped, so +1 312-555-0199 and (312) 555-0199 are one number), an
// external id as it is. The write core keeps the normalised email and phone beside the consumer
// (`emailKey`, `phoneKey`, indexed), so a lookup is one index probe.
import type { Derived } from './entity.js';

export const identifierTypes = ['EMAIL', 'PHONE', 'EXTERNAL_ID'] as const;
export type IdentifierType = (typeof identifierTypes)[number];

/** The consumer field each identifier type is kept in. */
export const identifierFields = new Map<IdentifierType, string>([
  ['EMAIL', 'email'],
  ['PHONE', 'phoneNumber'],
  ['EXTERNAL_ID', 'externalId'],
]);

/**
 * An email as it is compared: without its surrounding ASCII white space, ASCII letters in lower
 * case and nothing else folded (Unicode case folding merges distinct characters: the Kelvin sign
 * U+212A would be k). The database's consumer_email_key (migration 20261130140000) is the same rule.
 */
export const normalisedEmail = (email: string) => email.replace(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g, '').replace(/[A-Z]/g, (letter) => letter.toLowerCase());

export function normalisedPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return phone.trim().startsWith('+1') || (digits.length === 11 && digits.startsWith('1')) ? digits.slice(1) : digits;
}

/** The column an identifier type is looked up in, and the value it is looked up by. */
export function identifierColumn(type: IdentifierType, value: string): { column: 'emailKey' | 'phoneKey' | 'externalId'; value: string } {
  if (type === 'EMAIL') return { column: 'emailKey', value: normalisedEmail(value) };
  if (type === 'PHONE') return { column: 'phoneKey', value: normalisedPhone(value) };
  return { column: 'externalId', value };
}

/** The consumer's identifier columns, from the values a write gives. */
export function deriveConsumer(values: Record<string, unknown>): Derived {
  const columns: Record<string, unknown> = {};
  if (values.email !== undefined) columns.emailKey = typeof values.email === 'string' ? normalisedEmail(values.email) : null;
  if (values.phoneNumber !== undefined) columns.phoneKey = typeof values.phoneNumber === 'string' ? normalisedPhone(values.phoneNumber) : null;
  if (values.externalId !== undefined) columns.externalIdKey = typeof values.externalId === 'string' ? values.externalId : null;
  return { columns };
}

/**
 * The identifiers one consumer holds alone (a unique index on emailKey and externalIdKey): an email
 * and an external id name a person. A phone number does not: a household or a business line shares
 * one, so several consumers may hold it, and a match by phone finds the first created.
 */
export const uniqueIdentifiers = [
  { type: 'EMAIL', field: 'email', keyColumn: 'emailKey', what: 'email' },
  { type: 'EXTERNAL_ID', field: 'externalId', keyColumn: 'externalIdKey', what: 'external id' },
] as const;

/** The unique identifiers a consumer's values set, as matches (matchOf) with the field that gives each. */
export function uniqueIdentifiersIn(values: Record<string, unknown>): { field: string; what: string; match: NonNullable<ReturnType<typeof matchOf>> }[] {
  return uniqueIdentifiers.flatMap(({ type, field, what }) => {
    const match = matchOf({ type, value: values[field] });
    return match ? [{ field, what, match }] : [];
  });
}

/** A reference by identifier (`match`), normalised: `EMAIL:john@example.com`; undefined when it is not one. */
export function matchOf(match: unknown): { type: IdentifierType; column: 'emailKey' | 'phoneKey' | 'externalId'; value: string; id: string } | undefined {
  if (typeof match !== 'object' || match === null) return undefined;
  const { type, value } = match as { type?: unknown; value?: unknown };
  if (typeof value !== 'string' || !identifierTypes.includes(type as IdentifierType)) return undefined;
  const found = identifierColumn(type as IdentifierType, value);
  // White space alone identifies no one (an external id is kept as given, so it is not trimmed).
  if (found.value.trim() === '') return undefined;
  return { type: type as IdentifierType, ...found, id: `${type}:${found.value}` };
}

/** How an event keeps the identifier it named its customer by (`WebEvent.customerIdentifier`): `email:john@example.com`. */
export function customerIdentifier(column: 'emailKey' | 'phoneKey' | 'externalId', normalised: string): string {
  const label = column === 'emailKey' ? 'email' : column === 'phoneKey' ? 'phone' : 'externalId';
  return `${label}:${normalised}`;
}

/** Every customerIdentifier an event may have named this consumer by (its identifiers that have a value). */
export function customerIdentifiersOf(consumer: { emailKey: string | null; phoneKey: string | null; externalId: string | null }): string[] {
  return (['emailKey', 'phoneKey', 'externalId'] as const).flatMap((column) => {
    const value = consumer[column];
    return value ? [customerIdentifier(column, value)] : [];
  });
}
