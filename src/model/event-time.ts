// What the server adds to a web event: when it received it, the event's time with the client's
// clock skew corrected, and the index entries of its properties.
//
// The skew correction is Segment's: a client whose clock is off stamps both `timestamp` (when the
// event happened) and `sentAt` (when it sent the event) with the same error, and the server's
// `receivedAt` is read on a clock that is right. So the event happened at
//   eventTime = timestamp + (receivedAt - sentAt)
// (the network's delay is counted as skew: it is small, and unknown). With a timestamp and no sentAt
// the timestamp is taken as it is; with neither, the event happened when it was received.
import type { Derived } from './entity.js';
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

export function deriveWebEvent(values: Record<string, unknown>, write: { mode: 'create' | 'update'; receivedAt: Date; path: string }): Derived {
  // Always a list (empty without properties), so that `NOT` a property condition holds for an event without any.
  const index = { propertiesIndex: propertyEntries(values.properties) };
  if (write.mode === 'update') return { columns: values.properties === undefined ? undefined : index };
  const eventTime = eventTimeOf(asDate(values.timestamp), asDate(values.sentAt), write.receivedAt);
  if (eventTime.getTime() < earliest || eventTime.getTime() > latest) {
    return { problems: [{ field: `${write.path}.sentAt`, message: 'with timestamp, puts the event outside the years 0001 to 9999' }] };
  }
  return { values: { receivedAt: write.receivedAt, eventTime }, columns: index };
}
