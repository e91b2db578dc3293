// Everything the server reads from its environment, read once.
import path from 'node:path';

function integer(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
  throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL');
}

const databaseReplicaUrl = process.env.DATABASE_REPLICA_URL?.trim() || undefined;
if (databaseReplicaUrl && !/^postgres(ql)?:\/\//.test(databaseReplicaUrl)) {
  throw new Error('DATABASE_REPLICA_URL must be a postgres:// or postgresql:// URL');
}
if (databaseReplicaUrl && !databaseUrl) {
  throw new Error('DATABASE_REPLICA_URL needs DATABASE_URL: a replica follows a PostgreSQL primary, not the embedded database');
}

const redisUrl = process.env.REDIS_URL?.trim() || undefined;
if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) {
  throw new Error('REDIS_URL must be a redis:// or rediss:// URL');
}

export const config = {
  port: integer('PORT', 4000),
  host: process.env.HOST || '0.0.0.0',
  /** A postgres URL selects @prisma/adapter-pg; without one the embedded PGlite is used. */
  databaseUrl,
  /** A streaming replica of DATABASE_URL's database: the reads of requests that write nothing go to it (src/read-replica.ts). */
  databaseReplicaUrl,
  /**
   * The most of the primary's latest commits a read on the replica may miss, in milliseconds: a
   * replica further behind serves none until it catches up (src/replica-lag.ts).
   */
  databaseReplicaMaxLagMs: integer('DATABASE_REPLICA_MAX_LAG_MS', 1_000),
  /** How long a request waits for a PostgreSQL connection (a new one, or a free one of the pool). */
  databaseConnectTimeoutMs: integer('DATABASE_CONNECT_TIMEOUT_MS', 5_000),
  /**
   * Redis, where several replicas share their rate limits, key revocations and subscriptions.
   * Without it each process keeps its own (one replica).
   */
  redisUrl,
  /** Put before every Redis key and channel this server uses, so that deployments (and test files) sharing a Redis stay apart. */
  redisPrefix: process.env.REDIS_PREFIX || 'commerce-graph:',
  /** PGlite's data directory; `memory://` keeps it in memory (tests). */
  dataDir: process.env.DATA_DIR === 'memory://' ? 'memory://' : path.resolve(process.env.DATA_DIR || 'data'),
  production: process.env.NODE_ENV === 'production',
  /** GET /metrics (Prometheus text: requests, SQL statements, memory); also counts SQL statements. */
  metrics: process.env.METRICS_ENABLED === 'true',
  pageSize: { default: integer('PAGE_SIZE_DEFAULT', 20), max: integer('PAGE_SIZE_MAX', 100) },
  /** The most documents one REST list answers (`limit` up to it; `limit=0` and `pagination=false` refuse more). */
  restListCeiling: integer('REST_LIST_CEILING', 10_000),
  /** Items of a list relation (a lead's favorites): by default, and at most (the most a write may list). */
  listSize: { default: integer('LIST_SIZE_DEFAULT', 100), max: integer('LIST_SIZE_MAX', 1000) },
  rateLimit: {
    perKey: integer('RATE_LIMIT_PER_KEY', 1200),
    perAddress: integer('RATE_LIMIT_PER_ADDRESS', 300),
    windowSeconds: integer('RATE_LIMIT_WINDOW_SECONDS', 60),
    trustProxy: process.env.TRUST_PROXY === 'true',
    /** Tries with a key that does not work, per client address and minute. */
    failedKeysPerAddress: integer('RATE_LIMIT_FAILED_KEYS', 20),
  },
  subscriptions: {
    /** Live subscriptions one API key may hold open at once, on each replica. */
    perKey: integer('SUBSCRIPTIONS_PER_KEY', 10),
    /** Events that may wait for a subscriber that reads none of them (subscriptions/live-stream.ts) before it is dropped. */
    maxWaiting: integer('SUBSCRIPTION_MAX_WAITING', 1000),
  },
  webhooks: {
    /** Whether this process sends webhook deliveries (every replica may: they share the work). */
    dispatch: process.env.WEBHOOKS_DISPATCH !== 'false',
    /** Allow endpoints on loopback, private and link-local addresses (tests, a private network). */
    allowPrivateUrls: process.env.WEBHOOK_ALLOW_PRIVATE_URLS === 'true',
    /** How long a receiver has to answer. */
    timeoutMilliseconds: integer('WEBHOOK_TIMEOUT_MS', 10_000),
    /** Attempts before a delivery is dead. */
    maxAttempts: integer('WEBHOOK_MAX_ATTEMPTS', 8),
    /** The wait before the first retry; each retry waits twice as long as the one before (with jitter). */
    backoffMilliseconds: integer('WEBHOOK_BACKOFF_MS', 30_000),
    maxBackoffMilliseconds: integer('WEBHOOK_MAX_BACKOFF_MS', 3_600_000),
    /** How often a dispatcher looks for deliveries that are due. */
    pollMilliseconds: integer('WEBHOOK_POLL_MS', 1_000),
  },
  ingest: {
    /** How long a posted web event waits for others to share its write (0: the same tick only). */
    windowMilliseconds: integer('INGEST_WINDOW_MS', 2),
    maxBatch: integer('INGEST_MAX_BATCH', 500),
  },
  /**
   * Origins browsers may call from (comma-separated; `*` for any). Credentials (cookies) are never
   * allowed cross-origin: callers authenticate with an Authorization header.
   */
  corsOrigins: (process.env.CORS_ORIGINS ?? '*')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean),
  /** Audit entries older than this many days are deleted (writes/audit-retention.ts). */
  auditRetentionDays: integer('AUDIT_RETENTION_DAYS', 365),
  /** Records in the trash longer than this many days are purged (writes/delete.ts). */
  trashRetentionDays: integer('TRASH_RETENTION_DAYS', 30),
  /** How long a stopping server waits for requests in flight. */
  shutdownGraceMilliseconds: integer('SHUTDOWN_GRACE_MS', 10_000),
  graphqlLimits: {
    depth: integer('GRAPHQL_MAX_DEPTH', 15),
    // Fields, times list sizes (src/cost/estimators.ts). The README's nested query costs 12,191; a
    // page of 100 leads with every field of salesRep, consumer.addresses.city.state and
    // favorites.spec 370,701; the heaviest REST document (accounts at depth 3, limit 100) 746,201;
    // leads(first: 1) { favorites { favoritedBy { favorites { vin } } } } 202,002,005.
    cost: integer('GRAPHQL_MAX_COST', 1_000_000),
    aliases: integer('GRAPHQL_MAX_ALIASES', 15),
    directives: integer('GRAPHQL_MAX_DIRECTIVES', 50),
    tokens: integer('GRAPHQL_MAX_TOKENS', 5_000),
    /** Introspection (what GraphiQL and codegen read) is on, except in production unless allowed. */
    introspection: process.env.GRAPHQL_INTROSPECTION ? process.env.GRAPHQL_INTROSPECTION === 'true' : process.env.NODE_ENV !== 'production',
  },
  /** The largest request body accepted, in bytes. */
  bodyLimitBytes: integer('BODY_LIMIT_BYTES', 1_048_576),
};
