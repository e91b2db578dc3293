// Whether the read replica is close enough behind the primary to serve a read: what it answers may
// miss at most DATABASE_REPLICA_MAX_LAG_MS of the primary's commits. A measurement compares the
// replica's replay position with the primary's WAL position: level with it, the replica misses
// nothing written before the measurement; behind it, it misses at most what the primary committed
// since the last transaction the replica replayed (pg_last_xact_replay_timestamp, read on the
// primary's clock, which stamped it). That over-estimates a replica that is a few milliseconds
// behind an idle primary, which only sends a read to the primary that could have gone to it.
// A measurement ages as the clock runs (the replica may have stopped replaying just after it), so
// the replica serves while lag + age stays within the bound, and is measured again only then: once
// per bound when it keeps up, at most every `remeasureMilliseconds` while it lags.
import { log } from './logger.js';

/** The least time between two measurements of a replica that lags. */
export const remeasureMilliseconds = 100;

/** What the guard needs of a connection: a pg Pool has it. */
interface Queryable {
  query<Row extends object>(sql: string, values?: unknown[]): Promise<{ rows: Row[] }>;
}

interface Measurement {
  /** When the measurement began (Date.now()). */
  at: number;
  /** The most the replica missed then, in milliseconds. */
  lagMilliseconds: number;
}

/**
 * Returns a check that resolves whether the replica may serve a read now. A failure to reach the
 * replica rejects it (the caller falls back to the primary and leaves the replica alone); a failure
 * of the primary resolves false (the read that follows on the primary meets it).
 */
export function replicaLagGuard(pools: { replica: Queryable; primary: Queryable }, maxLagMilliseconds: number): () => Promise<boolean> {
  let last: Measurement | undefined;
  let measuring: Promise<Measurement | undefined> | undefined;
  let lagging = false;

  /** The replica's lag now, or undefined when the primary could not be asked. */
  async function measure(): Promise<Measurement | undefined> {
    const at = Date.now();
    // The replica first: the primary's position, read after it, is at least what the replica could hold.
    const [standby] = (
      await pools.replica.query<{ inRecovery: boolean; replayed: string | null; replayedCommitAt: Date | null }>(
        'SELECT pg_is_in_recovery() AS "inRecovery", pg_last_wal_replay_lsn()::text AS replayed, pg_last_xact_replay_timestamp() AS "replayedCommitAt"',
      )
    ).rows;
    // A server out of recovery (promoted, or the wrong URL) follows nothing: how far behind it is cannot be known.
    if (!standby.inRecovery || standby.replayed === null) return { at, lagMilliseconds: Number.POSITIVE_INFINITY };
    const primary = await pools.primary
      .query<{ level: boolean; sinceReplayedCommit: number | null }>(
        `SELECT pg_current_wal_lsn() <= $1::pg_lsn AS level,
                (extract(epoch FROM clock_timestamp() - $2::timestamptz) * 1000)::float8 AS "sinceReplayedCommit"`,
        [standby.replayed, standby.replayedCommitAt],
      )
      .then(({ rows }) => rows[0])
      // The read that follows, on the primary, meets the same failure and answers for it.
      .catch(() => undefined);
    if (!primary) return undefined;
    if (primary.level) return { at, lagMilliseconds: 0 };
    return { at, lagMilliseconds: Math.max(0, primary.sinceReplayedCommit ?? Number.POSITIVE_INFINITY) };
  }

  const within = (measurement: Measurement) => measurement.lagMilliseconds + (Date.now() - measurement.at) <= maxLagMilliseconds;

  function report(measurement: Measurement) {
    const nowLagging = measurement.lagMilliseconds > maxLagMilliseconds;
    if (nowLagging && !lagging) {
      const behind = Number.isFinite(measurement.lagMilliseconds) ? `${Math.round(measurement.lagMilliseconds)} ms` : 'an unknown time';
      log.warn(`the read replica lags ${behind} behind the primary, more than DATABASE_REPLICA_MAX_LAG_MS (${maxLagMilliseconds}): reads go to the primary`);
    } else if (!nowLagging && lagging) {
      log.info('the read replica caught up with the primary: reads go to it again');
    }
    lagging = nowLagging;
  }

  return async () => {
    if (last && within(last)) return true;
    if (last && Date.now() - last.at < remeasureMilliseconds) return false;
    // Reads that arrive together share one measurement.
    measuring ??= measure()
      .then((measurement) => {
        if (measurement) {
          report(measurement);
          last = measurement;
        }
        return measurement;
      })
      .finally(() => {
        measuring = undefined;
      });
    const measurement = await measuring;
    return measurement !== undefined && within(measurement);
  };
}
