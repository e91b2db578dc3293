// Groups web events posted one at a time by concurrent requests into one ingest a few
// milliseconds wide: under load, many requests share one transaction and a few multi-row
// statements instead of each paying its own round trips. A lone request waits at most the window.
import { config } from '../config.js';
import { writeEach, type WriteOutcome, type WriteRequest } from './write.js';

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
