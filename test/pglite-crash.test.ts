// kill -9 in the middle of writes on the embedded database: after a restart the directory opens
// cleanly and every write the server acknowledged is there.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from './helpers/server-process.js';
import { stopAndRemove, temporaryPath } from './helpers/temporary-directory.js';
import { freePort } from './helpers/free-port.js';

// It runs its own servers on its own directory: once is enough, in the PGlite project.
describe.runIf(process.env.TEST_DATABASE === 'pglite')('kill -9 on PGlite', () => {
  const dataDir = temporaryPath('commerce-graph-crash-');
  afterAll(() => stopAndRemove(undefined, dataDir));

  it('loses no acknowledged write and opens cleanly after a restart', async () => {
    const port = await freePort();
    const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: '', RATE_LIMIT_PER_ADDRESS: '0' };
    const server = (await startServer(env)).child;

    const acknowledged: string[] = [];
    let sequence = 0;
    let running = true;
    const client = async () => {
      while (running) {
        sequence += 1;
        const id = `wev_crash${String(sequence).padStart(7, '0')}`;
        try {
          const response = await fetch(`http://127.0.0.1:${port}/api/webevents`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ id, name: 'View', account: { id: `acc_crash${sequence % 7}`, anonymousIds: [id] } }),
          });
          if (response.status === 200) acknowledged.push(id);
        } catch {
          return; // the server is gone
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    // Killed once enough writes are acknowledged, however long they take on a busy machine, while
    // eight more are in flight.
    while (acknowledged.length < 30) await new Promise((resolve) => setTimeout(resolve, 10));
    server.kill('SIGKILL');
    running = false;
    await Promise.all(clients);

    const restarted = (await startServer(env)).child;
    const health = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(health.status).toBe(200);
    const stopped = new Promise((resolve) => restarted.once('exit', resolve));
    restarted.kill('SIGTERM');
    expect(await stopped).toBe(0);

    const pglite = new PGlite(dataDir);
    const { rows } = await pglite.query<{ id: string }>(`SELECT id FROM "WebEvent" WHERE id LIKE 'wev_crash%'`);
    await pglite.close();
    const stored = new Set(rows.map((row) => row.id));
    const lost = acknowledged.filter((id) => !stored.has(id));
    console.log(`kill -9: ${acknowledged.length} writes acknowledged before the kill, ${lost.length} lost`);
    expect(lost).toEqual([]);
  }, 90_000);
});
