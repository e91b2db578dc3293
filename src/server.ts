// The only file that binds a port. On SIGTERM or SIGINT it stops accepting connections, lets the
// requests in flight finish (for at most SHUTDOWN_GRACE_MS), closes the database and exits 0.
import { createServer } from 'node:http';
import { startLocalAdmin } from './auth/local-admin.js';
import { config } from './config.js';
import { updateDataDirLock } from './data-dir-lock.js';
import { connectDatabase, databaseKind, disconnectDatabase } from './db.js';
import { yoga } from './yoga.js';

const applied = await connectDatabase();
if (applied.length > 0) console.log(`applied migrations: ${applied.join(', ')}`);

let stopping = false;
const server = createServer((request, response) => {
  // While stopping, every answer closes its connection, so keep-alive clients go elsewhere.
  if (stopping) response.setHeader('connection', 'close');
  response.on('finish', () => stopping && server.closeIdleConnections());
  void yoga(request, response);
});
server.listen(config.port, config.host, () => {
  console.log(`commerce-graph on http://localhost:${config.port}/graphql (database: ${databaseKind})`);
  // While this process holds the embedded database, the API-key commands go through it.
  if (databaseKind === 'pglite' && config.dataDir !== 'memory://') {
    updateDataDirLock(config.dataDir, { port: config.port, adminToken: startLocalAdmin() });
  }
});

async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing requests in flight, then stopping`);
  const finished = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const grace = new Promise<void>((resolve) => setTimeout(resolve, config.shutdownGraceMilliseconds).unref());
  await Promise.race([finished, grace]);
  server.closeAllConnections();
  await disconnectDatabase();
  process.exit(0);
}

process.once('SIGTERM', () => void stop('SIGTERM'));
process.once('SIGINT', () => void stop('SIGINT'));
