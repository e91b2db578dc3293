// A subscriber's stream of events, bounded: events wait here until the subscriber's connection
// takes them (Yoga pulls the next one only when the last was written out), and a subscriber that
// lets more than `maxWaiting` pile up is dropped: the events waiting are discarded, it receives
// one FellBehind (which its resolver turns into an error that says so), and the stream ends.
// Without the bound a slow consumer would hold ever more memory of the server's.

/** Stands in the stream for the events a slow subscriber was dropped with. */
export class FellBehind {
  constructor(readonly maxWaiting: number) {}
}

export function liveStream<T>(
  source: AsyncIterable<T[]>,
  keep: (item: T) => boolean,
  maxWaiting: number,
  onEnd: () => void,
): AsyncIterableIterator<T | FellBehind> {
  const upstream = source[Symbol.asyncIterator]();
  const waiting: (T | FellBehind)[] = [];
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
        for (const item of value) if (keep(item)) waiting.push(item);
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
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
