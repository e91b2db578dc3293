// `npm run db:seed`: the sample graph (src/seed/sample-graph.ts, about 700 records) on the
// configured database; running it again changes nothing. While a server holds the embedded
// database, the server adds it, asked through the local admin channel as the API-key commands ask
// it; otherwise this command opens the database itself.
import '../src/one-line-failures.js';
import { callServer, runningServer } from '../src/auth/local-admin-client.js';
import { localAdminSeedPath } from '../src/plugins/use-local-admin-seed.js';

const server = runningServer();
if (server) {
  // A JSON body, as every POST to this server must be (src/plugins/use-csrf-prevention.ts).
  const response = await callServer(server, localAdminSeedPath, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const body = (await response.json()) as { message?: string; error?: { message?: string }; errors?: { message?: string }[] };
  if (!response.ok) throw new Error(`the server could not add the sample graph: ${response.status} ${body.error?.message ?? body.errors?.[0]?.message ?? ''}`);
  console.log(body.message);
} else {
  const { connectDatabase, disconnectDatabase } = await import('../src/db.js');
  const { seedSampleGraph } = await import('../src/seed/sample-graph.js');
  await connectDatabase();
  console.log(await seedSampleGraph());
  await disconnectDatabase();
}
// The server's connection, kept alive by fetch, would hold the process for seconds.
process.exit(0);
