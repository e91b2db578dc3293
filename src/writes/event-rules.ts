// The event definitions the planner holds web events to, kept in memory: every web event write
// needs them, and they change seldom. A definition written through this process takes effect on
// its next write (the cache is dropped when the write commits); through another replica, as soon
// as Redis tells this one (REDIS_URL), else within `maxAgeMilliseconds`, as a revoked key is.
import { prisma } from '../db.js';
import { rulesOf, type EventRules } from '../model/event-definition.js';
import { onAnnouncement, redis, redisEnabled, redisName } from '../redis.js';
import { afterCommit } from './changes.js';

const maxAgeMilliseconds = 10_000;
const channel = () => redisName('event-definitions:changed');

export const noEventRules: ReadonlyMap<string, EventRules> = new Map();

let cached: { rules: Promise<ReadonlyMap<string, EventRules>>; at: number } | undefined;

async function load(): Promise<ReadonlyMap<string, EventRules>> {
  const rows = await prisma.eventDefinition.findMany({ select: { name: true, properties: true, addCustomerIfNotExists: true } });
  return new Map(rows.map((row) => [row.name, rulesOf(row)]));
}

/** The definitions of events by name, at most `maxAgeMilliseconds` old. */
export function eventRules(): Promise<ReadonlyMap<string, EventRules>> {
  followChanges();
  if (!cached || Date.now() - cached.at > maxAgeMilliseconds) {
    const rules = load();
    cached = { rules, at: Date.now() };
    // A failed load is not kept: the next write tries again.
    rules.catch(() => {
      if (cached?.rules === rules) cached = undefined;
    });
  }
  return cached.rules;
}

const forget = () => {
  cached = undefined;
};

afterCommit((changes) => {
  if (!changes.some((change) => change.entity === 'EventDefinition')) return;
  forget();
  if (redisEnabled())
    void redis()
      .publish(channel(), '1')
      .catch(() => {});
});

let listening = false;

/**
 * Hears the definitions other replicas change (and forgets on every (re)connection, since an
 * announcement made while this replica could not hear it is lost), from the first use on.
 */
function followChanges(): void {
  if (listening) return;
  listening = true;
  onAnnouncement(channel(), forget);
}
