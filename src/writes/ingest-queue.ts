// Groups web events posted one at a time by concurrent requests into one ingest a few
// milliseconds wide: under load, many requests share one transaction and a few multi-row
// statements instead of each paying its own round trips. A lone request waits at most the window.
import { config } from '../config.js';
import { ingestWebEvents, type IngestItem, type IngestOutcome } from './web-event-ingest.js';

interface Waiting extends IngestItem {
  resolve(outcome: IngestOutcome): void;
  reject(error: unknown): void;
}

export class IngestQueue {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly windowMilliseconds: number,
    private readonly maxBatch: number,
  ) {}

  submit(item: IngestItem): Promise<IngestOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ...item, resolve, reject });
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
    ingestWebEvents(batch).then(
      (outcomes) => batch.forEach((item, index) => item.resolve(outcomes[index])),
      (error) => batch.forEach((item) => item.reject(error)),
    );
  }
}

/** The queue single web events are posted through. */
export const webEventQueue = new IngestQueue(config.ingest.windowMilliseconds, config.ingest.maxBatch);
