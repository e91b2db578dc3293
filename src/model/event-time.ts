// What the server adds to a web event: when it received it, the event's time with the client's
// clock skew corrected, and the index entries of its properties.
//
// The skew correction is Segment's: a client whose clock is off stamps both `timestamp` (when the
// event happened) and `sentAt` (when it sent the event) with the same error, and the server's
// `receivedAt` is read on a clock that is right. So the event happened at
//   eventTime = timestamp + (receivedAt - sentAt)
// (the network's delay is counted as skew: it is small, and unknown). With a timestamp and no sentAt
// the timestamp is taken as it is; with neither, the event happened when it was received.
import type { DeriveContext, Derived } from './entity.js';
import { eventPropertyProblems, sensitiveProperties, uniqueKeyMaterial } from './event-definition.js';
import { propertyEntries } from './properties.js';

// Years 0001-9999: the instants the DateTime scalar reads and prints.
const earliest = new Date('0001-01-01T00:00:00Z').getTime();
const latest = new Date('9999-12-31T23:59:59.999Z').getTime();

export function eventTimeOf(timestamp: Date | undefined, sentAt: Date | undefined, receivedAt: Date): Date {
  if (!timestamp) return receivedAt;
  if (!sentAt) return timestamp;
  return new Date(timestamp.getTime() + (receivedAt.getTime() - sentAt.getTime()));
}

const asDate = (value: unknown) => (value instanceof Date ? value : undefined);

/**
 * The properties a write gave that validation refused (a NUL, `enc:v1:`, 1e400 inside): nothing is
 * written, but the definition is still held to what was sent, so that the answer names every real
 * problem and no property as missing that was given.
 */
const refusedProperties = (values: Record<string, unknown>, write: DeriveContext) =>
  values.properties === undefined && write.given?.properties !== undefined ? write.given.properties : undefined;

function refusedProblems(values: Record<string, unknown>, write: DeriveContext): Derived | undefined {
  const refused = refusedProperties(values, write);
  if (refused === undefined) return undefined;
  const name = typeof values.name === 'string' ? values.name : write.stored?.name;
  const rules = name === undefined ? undefined : write.eventRules.get(name);
  return { problems: rules ? eventPropertyProblems(rules, refused, `${write.path}.properties`) : [] };
}

/**
 * An update falls under the definition of the name the event has after it (the one it gives, else
 * the stored one), as a create does: the properties it gives, or, when it renames the event and
 * gives none, the stored ones (rewritten, so that the new definition's sensitive properties are
 * encrypted and its unique key kept). An update that gives neither leaves the properties alone.
 *
 * Sensitivity is sticky: a property stored encrypted stays encrypted whatever the event is renamed
 * to and whatever the update gives for it, so no write key strips a definition's protection by
 * renaming the event to a name without one.
 */
function deriveUpdate(values: Record<string, unknown>, write: DeriveContext): Derived {
  const refused = refusedProblems(values, write);
  if (refused) return refused;
  const stored = write.stored;
  const name = typeof values.name === 'string' ? values.name : stored?.name;
  const renamed = typeof values.name === 'string' && values.name !== stored?.name;
  if (values.properties === undefined && !renamed) return {};
  const rules = name === undefined ? undefined : write.eventRules.get(name);
  const given = values.properties !== undefined;
  const properties = given ? values.properties : (stored?.properties ?? null);
  const sensitive = [...new Set([...sensitiveProperties(rules, properties), ...stillSealed(stored?.sealed ?? [], properties)])];
  const problems = rules ? eventPropertyProblems(rules, properties, `${write.path}.properties`) : [];
  return {
    // Rewritten whole, but not the caller's: written, never answered to it (it did not send them).
    rewritten: !given && properties !== null ? { properties } : undefined,
    columns: { propertiesIndex: propertyEntries(properties, sensitive) },
    problems,
    sensitive,
    uniqueKeyMaterial: (customer) => uniqueKeyMaterial(rules, customer, properties),
  };
}

/** Of the properties stored encrypted, those the properties written still carry (not null). */
function stillSealed(sealed: readonly string[], properties: unknown): string[] {
  if (!properties || typeof properties !== 'object' || Array.isArray(properties)) return [];
  const written = properties as Record<string, unknown>;
  return sealed.filter((name) => Object.hasOwn(written, name) && written[name] !== null);
}

export function deriveWebEvent(values: Record<string, unknown>, write: DeriveContext): Derived {
  if (write.mode === 'update') return deriveUpdate(values, write);
  const refused = refusedProblems(values, write);
  if (refused) return refused;
  const rules = typeof values.name === 'string' ? write.eventRules.get(values.name) : undefined;
  const sensitive = sensitiveProperties(rules, values.properties);
  // Always a list (empty without properties), so that `NOT` a property condition holds for an event
  // without any. A sensitive property is indexed by its presence only: its value is in no index.
  const index = { propertiesIndex: propertyEntries(values.properties, sensitive) };
  const eventTime = eventTimeOf(asDate(values.timestamp), asDate(values.sentAt), write.receivedAt);
  if (eventTime.getTime() < earliest || eventTime.getTime() > latest) {
    return { problems: [{ field: `${write.path}.sentAt`, message: 'with timestamp, puts the event outside the years 0001 to 9999' }] };
  }
  const problems = rules ? eventPropertyProblems(rules, values.properties, `${write.path}.properties`) : [];
  return {
    values: { receivedAt: write.receivedAt, eventTime },
    columns: index,
    problems,
    sensitive,
    uniqueKeyMaterial: (customer) => uniqueKeyMaterial(rules, customer, values.properties),
  };
}
