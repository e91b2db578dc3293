// Which reads may go to the read replica (DATABASE_REPLICA_URL, src/read-replica.ts): those of a
// request that has written nothing. A request writes once it runs a mutation or a REST call other
// than GET (plugins/use-read-scope.ts); from then on its reads go to the primary, so it reads what
// it wrote, and a write plans from the primary's rows. Whatever runs outside a request (the webhook
// dispatcher, start-up, scripts) and live subscriptions (told of a write the moment it commits)
// read the primary too.
import { AsyncLocalStorage } from 'node:async_hooks';
import { config } from './config.js';

interface RequestReads {
  writes: boolean;
}

const current = new AsyncLocalStorage<RequestReads>();
// One state per HTTP request, shared by its executions: a REST call runs several.
const byRequest = new WeakMap<Request, RequestReads>();

/** Runs `work` as part of `request`, which writes from now on if `writes`. */
export function withinRequest<T>(request: Request, writes: boolean, work: () => T): T {
  // Without a replica every read goes to the primary and nothing here is asked. An
  // AsyncLocalStorage that has run once keeps Node's promise hooks on, a cost to every promise
  // the process makes afterwards (a single-post ingest makes dozens).
  if (!config.databaseReplicaUrl) return work();
  const reads = current.getStore() ?? byRequest.get(request) ?? { writes: false };
  byRequest.set(request, reads);
  if (writes) reads.writes = true;
  return current.run(reads, work);
}

/** Whether a read made now may go to the replica: it is part of a request that has written nothing. */
export const replicaMayServe = () => current.getStore()?.writes === false;
