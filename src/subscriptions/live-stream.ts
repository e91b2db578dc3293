// A subscriber's stream of events, bounded: events wait here until the subscriber's connection
// takes them (Yoga pulls the next one only when the last was written out). A subscriber that does
// not read is dropped: once more than `maxWaiting` events wait and it has taken none of them for
// `stallMilliseconds`, or once more than `hardLimitFactor` times that many wait however it reads,
// the events waiting are discarded, it receives one FellBehind (which its resolver turns into an
// error that says so), and the stream ends. A subscriber that reads is not dropped for a burst
// (outside attack D5: three concurrent batches of 500 events dropped one that read at its pace):
// a write's whole batch arrives at once, faster than any subscriber reads it. Without the bound a
// slow consumer would hold ever more memory of the server's.

/** How long a subscriber with more than `maxWaiting` events waiting may take none before it is dropped. */
export const stallMilliseconds = 2_000;
/** However it reads, a subscriber is dropped once this many times `maxWaiting` events wait. */
export const hardLimitFactor = 10;

/** Stands in the stream for the events a slow subscriber was dropped with. */
export class FellBehind {
  constructor(readonly maxWaiting: number) {}
}

/** Ends the stream when choosing the subscriber's events failed (its filter reads the database). */
export class SelectFailed {
  constructor(readonly error: unknown) {}
}

/** Stands in the stream for the events of a subscriber ended from outside (its key was revoked). */
export class Interrupted {
  constructor(readonly reason: 'key revoked') {}
}

export type LiveItem<T> = T | FellBehind | SelectFailed | Interrupted;

export interface LiveStream<T> extends AsyncIterableIterator<LiveItem<T>> {
  /** Discards what waits, hands the subscriber `reason` and ends the stream. */
  interrupt(reason: Interrupted): void;
}

/**
 * `select` picks, from each message of `source` (the events of one write), those the subscriber
 * wants, in their order; it may ask the database, and the next message waits for it.
 */
export function liveStream<T>(source: AsyncIterable<T[]>, select: (items: T[]) => T[] | Promise<T[]>, maxWaiting: number, onEnd: () => void): LiveStream<T> {
  const upstream = source[Symbol.asyncIterator]();
  const waiting: LiveItem<T>[] = [];
  let wake: (() => void) | undefined;
  let sourceDone = false;
  let ended = false;
  // When the subscriber last took an event, or last had none waiting: since then it has been behind.
  let caughtUpAt = Date.now();
  const stalled = () => waiting.length > maxWaiting * hardLimitFactor || (waiting.length > maxWaiting && Date.now() - caughtUpAt > stallMilliseconds);

  const stopSource = () => {
    if (sourceDone) return;
    sourceDone = true;
    void upstream.return?.();
    wake?.();
  };
  const end = () => {
    if (ended) return;
    ended = true;
    stopSource();
    onEnd();
  };

  void (async () => {
    try {
      while (!sourceDone) {
        const { value, done } = await upstream.next();
        if (done || sourceDone) break;
        let selected: T[];
        try {
          selected = await select(value);
        } catch (error) {
          waiting.push(new SelectFailed(error));
          break;
        }
        if (sourceDone) break;
        if (waiting.length === 0) caughtUpAt = Date.now();
        waiting.push(...selected);
        if (stalled()) {
          waiting.length = 0;
          waiting.push(new FellBehind(maxWaiting));
          break;
        }
        wake?.();
      }
    } finally {
      stopSource();
    }
  })();

  return {
    async next() {
      while (waiting.length === 0 && !sourceDone) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      if (waiting.length > 0) {
        caughtUpAt = Date.now();
        return { value: waiting.shift()!, done: false };
      }
      end();
      return { value: undefined, done: true };
    },
    async return() {
      end();
      return { value: undefined, done: true };
    },
    interrupt(reason) {
      if (ended) return;
      waiting.length = 0;
      waiting.push(reason);
      stopSource();
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
