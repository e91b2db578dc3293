// Reads on a streaming replica of the primary (DATABASE_REPLICA_URL), and back on the primary when
// the replica falls away. src/db.ts opens a second Prisma client on `replicaFirst`'s adapter and
// hands it to the reads of requests that write nothing (src/read-scope.ts); everything else uses
// the primary's client. A replica that cannot be reached (refused, lost, timed out) is left alone
// for `replicaPauseMilliseconds`, its reads going to the primary, then tried again. What a replica
// answers may lag the primary by its replay delay: only requests that wrote nothing read it, and
// only while that delay stays within DATABASE_REPLICA_MAX_LAG_MS (src/replica-lag.ts).
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery } from '@prisma/driver-adapter-utils';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { log } from './logger.js';

/** How long reads stay on the primary after the replica fell away, before it is tried again. */
export const replicaPauseMilliseconds = 5_000;

let pausedUntil = 0;

/** Whether the replica is close enough behind the primary to serve a read now (src/replica-lag.ts). */
export type ReplicaCurrent = () => Promise<boolean>;

/**
 * Runs `read` on the replica while it serves and is `current`, otherwise (or when the replica turns
 * out to be away) on the primary. The replica's failures of other kinds (a bad query) are the caller's.
 */
export async function replicaFirst<T>(current: ReplicaCurrent, read: (on: 'replica' | 'primary') => Promise<T>): Promise<T> {
  if (Date.now() >= pausedUntil) {
    try {
      if (await current()) return await read('replica');
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      if (Date.now() >= pausedUntil) log.warn({ err: error }, `the read replica cannot be reached: reads go to the primary for ${replicaPauseMilliseconds} ms`);
      pausedUntil = Date.now() + replicaPauseMilliseconds;
    }
  }
  return read('primary');
}

/**
 * An adapter that sends reads outside a transaction to the replica (replicaFirst) and everything
 * else (writes, scripts, transactions) to the primary.
 */
export function replicaFirstAdapter(replica: SqlDriverAdapterFactory, primary: SqlDriverAdapterFactory, current: ReplicaCurrent): SqlDriverAdapterFactory {
  return {
    provider: primary.provider,
    adapterName: primary.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const [onReplica, onPrimary] = await Promise.all([replica.connect(), primary.connect()]);
      return {
        provider: onPrimary.provider,
        adapterName: onPrimary.adapterName,
        queryRaw: (query: SqlQuery) => replicaFirst(current, (on) => (on === 'replica' ? onReplica : onPrimary).queryRaw(query)),
        executeRaw: (query) => onPrimary.executeRaw(query),
        executeScript: (script) => onPrimary.executeScript(script),
        startTransaction: (isolationLevel) => onPrimary.startTransaction(isolationLevel),
        getConnectionInfo: onPrimary.getConnectionInfo && (() => onPrimary.getConnectionInfo!()),
        dispose: async () => {
          await Promise.all([onReplica.dispose(), onPrimary.dispose()]);
        },
      };
    },
  };
}
