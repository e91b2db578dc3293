// The only file that binds a port.
import { createServer } from 'node:http';
import { startLocalAdmin } from './auth/local-admin.js';
import { config } from './config.js';
import { updateDataDirLock } from './data-dir-lock.js';
import { connectDatabase, databaseKind, disconnectDatabase } from './db.js';
import { yoga } from './yoga.js';

const applied = await connectDatabase();
if (applied.length > 0) console.log(`applied migrations: ${applied.join(', ')}`);

const server = createServer(yoga);
server.listen(config.port, config.host, () => {
  console.log(`commerce-graph on http://localhost:${config.port}/graphql (database: ${databaseKind})`);
  // While this process holds the embedded database, the API-key commands go through it.
  if (databaseKind === 'pglite' && config.dataDir !== 'memory://') {
    updateDataDirLock(config.dataDir, { port: config.port, adminToken: startLocalAdmin() });
  }
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(async () => {
      await disconnectDatabase();
      process.exit(0);
    });
  });
}
