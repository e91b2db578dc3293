// Groups web events posted one at a time by concurrent requests into one ingest a few
// milliseconds wide: under load, many requests share one transaction and a few multi-row
// statements instead of each paying its own round trips. A lone request waits at most the window.
import { config } from '../config.js';
import { ingestWebEvents, type IngestOutcome } from './web-event-ingest.js';

type Input = Record<string, unknown>;

interface Waiting {
  input: Input;
  path: string;
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

  submit(input: Input, path: string): Promise<IngestOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, path, resolve, reject });
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
    ingestWebEvents(
      batch.map((item) => item.input),
      batch.map((item) => item.path),
    ).then(
      (outcomes) => batch.forEach((item, index) => item.resolve(outcomes[index])),
      (error) => batch.forEach((item) => item.reject(error)),
    );
  }
}

/** The queue single web events are posted through. */
export const webEventQueue = new IngestQueue(config.ingest.windowMilliseconds, config.ingest.maxBatch);
