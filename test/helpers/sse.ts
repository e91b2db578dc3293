// A GraphQL subscription over server-sent events, read as a client reads it: `event: next` with a
// JSON result, `event: complete` at the end, and `:` comment lines (heartbeats) in between.
export interface SseEvent {
  event: 'next' | 'complete';
  data?: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

export interface Subscription {
  status: number;
  /** The next event, or a rejection once `timeoutMilliseconds` pass without one. */
  next(timeoutMilliseconds?: number): Promise<SseEvent>;
  /** Heartbeat comment lines seen so far. */
  heartbeats(): number;
  close(): Promise<void>;
}

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export async function subscribe(fetchFn: Fetch, url: string, query: string, key: string, variables: object = {}): Promise<Subscription> {
  const response = await fetchFn(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: key },
    body: JSON.stringify({ query, variables }),
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let heartbeats = 0;
  const parsed: SseEvent[] = [];
  let waiter: (() => void) | undefined;
  let ended = false;
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) heartbeats += 1;
          else {
            const event = /^event: (\w+)/m.exec(block)?.[1] as SseEvent['event'];
            const data = /^data: ?(.*)$/m.exec(block)?.[1];
            parsed.push({ event, ...(data ? { data: JSON.parse(data) } : {}) });
          }
          end = buffer.indexOf('\n\n');
        }
        waiter?.();
      }
    } catch {
      // Cancelled by close().
    } finally {
      ended = true;
      waiter?.();
    }
  })();
  return {
    status: response.status,
    async next(timeoutMilliseconds = 10_000) {
      const deadline = Date.now() + timeoutMilliseconds;
      while (parsed.length === 0) {
        if (ended) throw new Error('the stream ended');
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no event within ${timeoutMilliseconds} ms`);
        await new Promise<void>((resolve) => {
          waiter = resolve;
          setTimeout(resolve, left);
        });
      }
      return parsed.shift()!;
    },
    heartbeats: () => heartbeats,
    close: () => reader.cancel().catch(() => {}),
  };
}

/** The events of `subscription` until none comes for `quietMilliseconds`. */
export async function drain(subscription: Subscription, quietMilliseconds = 1_000) {
  const events = [];
  for (;;) {
    try {
      events.push(await subscription.next(quietMilliseconds));
    } catch {
      return events;
    }
  }
}
