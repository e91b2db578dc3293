// The Redis connections several replicas share state through (REDIS_URL): one for commands and
// publishing, one for subscribing (a subscribed connection can do nothing else). Opened on first
// use, so a server without REDIS_URL, or one that never needs them, opens none.
import { Redis } from 'ioredis';
import { config } from './config.js';
import { log } from './logger.js';

let commands: Redis | undefined;
let subscriber: Redis | undefined;

function connect(role: string): Redis {
  const client = new Redis(config.redisUrl!, {
    // A command fails fast while Redis is away rather than queueing for ever: the rate limiters
    // fall back to this process's own count meanwhile (rate-limit/limiter.ts).
    maxRetriesPerRequest: 1,
    // A Redis that takes connections but never answers fails each command after this long
    // instead of holding it (and whatever awaits it, a revocation's announcement) for ever.
    commandTimeout: 1_000,
    connectionName: `commerce-graph-${role}`,
  });
  let down = false;
  client.on('error', (error) => {
    // One line per outage, not one per reconnection attempt; never the URL (it may hold a password).
    if (!down) log.warn({ redis: role, code: (error as NodeJS.ErrnoException).code }, 'Redis cannot be reached; retrying');
    down = true;
  });
  client.on('ready', () => {
    if (down) log.info({ redis: role }, 'Redis is back');
    down = false;
  });
  // A Redis that keeps the connection but stops answering raises no error of the connection's:
  // a ping that times out (commandTimeout) counts as the outage, and the connection starts again.
  const liveness = setInterval(() => {
    if (client.status !== 'ready') return;
    client.ping().catch(() => {
      if (!down) log.warn({ redis: role }, 'Redis does not answer; reconnecting');
      down = true;
      client.disconnect(true);
    });
  }, 1_000).unref();
  client.on('end', () => clearInterval(liveness));
  return client;
}

/** Whether replicas share state through Redis. */
export const redisEnabled = (): boolean => config.redisUrl !== undefined;

/** The connection for commands and publishing. */
export function redis(): Redis {
  commands ??= connect('commands');
  return commands;
}

/**
 * Whether this replica hears other replicas' announcements now: without REDIS_URL there are none
 * to hear; with it, while the subscribing connection is down, an announcement may be missed.
 */
export const hearsAnnouncements = (): boolean => !redisEnabled() || subscriber?.status === 'ready';

/** The connection that subscribes to channels (and does nothing else). */
export function redisSubscriber(): Redis {
  subscriber ??= connect('subscriber');
  return subscriber;
}

/** A key or channel of this deployment's. */
export const redisName = (name: string): string => `${config.redisPrefix}${name}`;

/**
 * Calls `forget` whenever another replica announces a change on `channel` (a cache of this
 * replica's is stale), and whenever the subscription (re)connects: an announcement made while this
 * replica could not hear it is lost, so its cache goes too. Nothing without Redis.
 */
export function onAnnouncement(channel: string, forget: () => void): void {
  if (!redisEnabled()) return;
  const listener = redisSubscriber();
  listener.on('message', (from: string) => {
    if (from === channel) forget();
  });
  listener.on('ready', forget);
  void listener.subscribe(channel).catch(() => {});
}

export async function closeRedis(): Promise<void> {
  await Promise.all([commands, subscriber].map((client) => client?.quit().catch(() => client.disconnect())));
  commands = subscriber = undefined;
}
