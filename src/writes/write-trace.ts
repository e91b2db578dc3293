// What one request's writes did, for its own response: the records it wrote (a caller without the
// `read` scope sees related records only if it wrote them) and the personal values it sent (which
// its response may echo). `mayUpdateExisting` is false for callers without the `write` scope
// (public ingest): a nested object naming a record that exists then connects to it, unchanged.
import type { SentValues } from '../auth/personal-data.js';

export interface WriteTrace {
  mayUpdateExisting: boolean;
  written: Set<string>;
  sent: SentValues;
}

export function newWriteTrace(mayUpdateExisting: boolean): WriteTrace {
  return { mayUpdateExisting, written: new Set(), sent: new Map() };
}

export const recordId = (entity: string, key: string) => `${entity}:${key}`;

/** Adds what `from` wrote and sent to `into` (a batch's events to their request). */
export function mergeWriteTrace(into: WriteTrace, from: Pick<WriteTrace, 'written' | 'sent'>): void {
  for (const id of from.written) into.written.add(id);
  for (const [key, value] of from.sent) into.sent.set(key, value);
}
