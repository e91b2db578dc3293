// The only file that binds a port. On SIGTERM or SIGINT it stops accepting connections, lets the
// requests in flight finish (for at most SHUTDOWN_GRACE_MS), closes the database and exits 0.
import { keepStackTraces } from './one-line-failures.js';
import { createServer, STATUS_CODES, type ServerResponse } from 'node:http';
import { loadFieldEncryptionKey } from './auth/field-encryption.js';
import { startLocalAdmin } from './auth/local-admin.js';
import { config } from './config.js';
import { updateDataDirLock } from './data-dir-lock.js';
import { connectDatabase, databaseKind, disconnectDatabase } from './db.js';
import { closeLingering } from './http/lingering-close.js';
import { heapGrowthForPostgres } from './heap-growth.js';
import { log } from './logger.js';
import { closeRedis } from './redis.js';
import { liftoffOnlyForPostgres } from './wasm-tiers.js';
import { startDispatcher } from './webhooks/dispatcher.js';
import { pruneAuditTrail } from './writes/audit-retention.js';
import { purgeExpiredTrash } from './writes/delete.js';

liftoffOnlyForPostgres(databaseKind);
heapGrowthForPostgres(databaseKind);
loadFieldEncryptionKey();
// The database opens and migrates while the schema is built: PGlite reads its files and compiles
// its WebAssembly on other threads, PostgreSQL answers over the network, and both take turns on
// this one with the schema. Its failure is the one reported, not a rejection left unhandled.
const migrated = connectDatabase();
migrated.catch(() => {});
const { yoga } = await import('./yoga.js');
const applied = await migrated;
if (applied.length > 0) log.info({ migrations: applied }, 'applied migrations');

let stopping = false;
let inFlight = 0;
let drained: (() => void) | undefined;

const server = createServer((request, response) => {
  inFlight += 1;
  // While stopping, every answer closes its connection, so keep-alive clients go elsewhere.
  if (stopping) response.setHeader('connection', 'close');
  // The Fetch API's Response has an empty statusText unless one is given, and Yoga's adapter writes
  // it as the reason phrase ("HTTP/1.1 400 "): clients that show statusText would show nothing.
  // A body refused for its size (413), or abandoned part-way (its stream destroyed before its end:
  // the body limits cancel it), leaves the rest of it unread on the connection, so the answer
  // closes it: a keep-alive client's next request would wait behind that rest until the connection
  // timed out, and reading it all would defeat BODY_LIMIT_BYTES. A body never touched (a 401, a 415)
  // Node reads to its end and discards; that connection goes on.
  const writeHead = response.writeHead.bind(response) as (status: number, ...rest: unknown[]) => ServerResponse;
  response.writeHead = ((status: number, reason?: unknown, ...rest: unknown[]) => {
    if (status === 413 || (request.destroyed && !request.complete)) {
      response.setHeader('connection', 'close');
      // A body left unread is drained before the close; one whose reading was cancelled is gone.
      if (!request.destroyed) closeLingering(request);
    }
    return typeof reason === 'string' && reason === '' ? writeHead(status, STATUS_CODES[status] ?? '', ...rest) : writeHead(status, reason, ...rest);
  }) as typeof response.writeHead;
  response.once('close', () => {
    inFlight -= 1;
    if (stopping && inFlight === 0) drained?.();
  });
  void yoga(request, response);
});

// Every replica sends webhook deliveries; they share the work (webhooks/dispatcher.ts).
const dispatcher = config.webhooks.dispatch ? startDispatcher() : undefined;

server.listen(config.port, config.host, () => {
  keepStackTraces();
  log.info({ port: config.port, database: databaseKind }, `commerce-graph on http://localhost:${config.port}/graphql`);
  // While this process holds the embedded database, the API-key commands go through it.
  if (databaseKind === 'pglite' && config.dataDir !== 'memory://') {
    updateDataDirLock(config.dataDir, { port: config.port, adminToken: startLocalAdmin() });
  }
  keepRetention();
});

/** Prunes what outlived its retention (the audit trail, the trash) now and every hour after. */
function keepRetention() {
  const prune = () =>
    Promise.all([pruneAuditTrail(), purgeExpiredTrash()]).catch((error: unknown) => log.warn({ err: error }, 'pruning the audit trail or the trash failed'));
  void prune();
  setInterval(prune, 60 * 60 * 1000).unref();
}

async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal, inFlight }, 'stopping: finishing the requests in flight');
  server.close();
  server.closeIdleConnections();
  // Counted here rather than left to server.close: it resolves once every request has answered,
  // whatever the state of the connections that carried them.
  const finished = new Promise<void>((resolve) => {
    if (inFlight === 0) resolve();
    else drained = resolve;
  });
  const grace = new Promise<void>((resolve) => setTimeout(resolve, config.shutdownGraceMilliseconds).unref());
  await Promise.race([Promise.all([finished, dispatcher?.stop()]), grace]);
  server.closeAllConnections();
  await Promise.all([disconnectDatabase(), closeRedis()]);
  process.exit(0);
}

process.once('SIGTERM', () => void stop('SIGTERM'));
process.once('SIGINT', () => void stop('SIGINT'));
