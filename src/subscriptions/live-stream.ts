// A subscriber's stream of events, bounded: events wait here until the subscriber's connection
// takes them (Yoga pulls the next one only when the last was written out), and a subscriber that
// lets more than `maxWaiting` pile up is dropped: the events waiting are discarded, it receives
// one FellBehind (which its resolver turns into an error that says so), and the stream ends.
// Without the bound a slow consumer would hold ever more memory of the server's.

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
        waiting.push(...selected);
        if (waiting.length > maxWaiting) {
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
      if (waiting.length > 0) return { value: waiting.shift()!, done: false };
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
