// Groups web events posted one at a time by concurrent requests into one ingest a few
// milliseconds wide: under load, many requests share one transaction and a few multi-row
// statements instead of each paying its own round trips. A lone request waits at most the window.
import { config } from '../config.js';
import { writeEach, type WriteOutcome, type WriteRequest } from './write.js';

type Done = Extract<WriteOutcome, { status: 'written' | 'repeat' }>;

interface Waiting {
  request: WriteRequest;
  resolve(outcome: WriteOutcome): void;
  reject(error: unknown): void;
}

export class IngestQueue {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly windowMilliseconds: number,
    private readonly maxBatch: number,
  ) {}

  submit(request: WriteRequest): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      if (this.waiting.length >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMilliseconds);
    });
  }

  private flush() {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    writeEach(batch.map((item) => item.request)).then(
      (outcomes) => {
        for (const [index, item] of batch.entries()) item.resolve(outcomes[index]);
      },
      (error) => {
        for (const item of batch) item.reject(error);
      },
    );
  }
}

/** The queue single web events are posted through. */
export const webEventQueue = new IngestQueue(config.ingest.windowMilliseconds, config.ingest.maxBatch);

/** Stores one posted web event, through the queue; throws what the caller should see when it fails. */
export async function ingestOne(request: WriteRequest): Promise<Done> {
  const outcome = await webEventQueue.submit(request);
  if (outcome.status === 'failed') throw outcome.error;
  return outcome;
}

/**
 * Stores a batch of web events, each on its own (writes/write.ts writeEach). When the database
 * could serve none of them, throws its error: one answer for the request (503), so the client
 * retries the batch rather than reading a failure per event.
 */
export async function ingestMany(requests: WriteRequest[]): Promise<WriteOutcome[]> {
  const outcomes = await writeEach(requests);
  const unavailable = outcomes.find((outcome) => outcome.status === 'failed' && outcome.error.extensions.code === 'SERVICE_UNAVAILABLE');
  if (unavailable?.status === 'failed' && outcomes.every((outcome) => outcome.status === 'failed')) throw unavailable.error;
  return outcomes;
}
