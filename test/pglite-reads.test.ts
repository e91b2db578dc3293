// PGlite's read path for the compiled statements (src/pglite-prepared.ts) and the file sizes its
// lseek remembers (src/pglite-file-sizes.ts), on a PGlite of the test's own: a data directory on
// disk, as a server has, since NODEFS is the file system whose sizes are remembered.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as pgliteModule from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rememberFileSizes } from '../src/pglite-file-sizes.js';
import { pglitePreparedReads, type PreparedRead } from '../src/pglite-prepared.js';

describe.runIf(process.env.TEST_DATABASE === 'pglite')('PGlite reads', () => {
  let dataDir: string;
  let pglite: pgliteModule.PGlite;
  let read: PreparedRead;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'commerce-graph-pglite-reads-'));
    pglite = new pgliteModule.PGlite(dataDir);
    await pglite.waitReady;
    rememberFileSizes(pglite.Module);
    read = pglitePreparedReads(pglite, pgliteModule);
    await pglite.exec('CREATE TABLE item (id int PRIMARY KEY, label text)');
  }, 60_000);

  afterAll(async () => {
    await pglite?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const count = async () => (await read<{ n: number }>('count_items', 'SELECT count(*)::int AS n FROM item', []))[0].n;

  it('sees a table grow and shrink on disk: a remembered size is forgotten by each write, truncate and new file', async () => {
    // A sequential scan reads as many pages as lseek says the file has: a stale size would hide rows.
    expect(await count()).toBe(0);
    await pglite.exec(`INSERT INTO item SELECT g, repeat('x', 200) FROM generate_series(1, 5000) g`);
    expect(await count()).toBe(5000);
    await pglite.exec(`INSERT INTO item SELECT g, repeat('y', 200) FROM generate_series(5001, 12000) g`);
    expect(await count()).toBe(12000);
    // VACUUM truncates the emptied end of the file; TRUNCATE gives the table a new file.
    await pglite.exec('DELETE FROM item WHERE id > 100');
    await pglite.exec('VACUUM item');
    expect(await count()).toBe(100);
    await pglite.exec('TRUNCATE item');
    expect(await count()).toBe(0);
    await pglite.exec(`INSERT INTO item SELECT g, 'z' FROM generate_series(1, 3000) g`);
    expect(await count()).toBe(3000);
  });

  it('answers with the columns by name, text and integers as Prisma gave them, nulls as null', async () => {
    const rows = await read<{ label: string | null; id: number }>(
      'labels',
      'SELECT id, CASE WHEN id = 2 THEN NULL ELSE label END AS label FROM item WHERE id <= $1 ORDER BY id',
      [2],
    );
    expect(rows).toEqual([
      { id: 1, label: 'z' },
      { id: 2, label: null },
    ]);
  });

  it('refuses a parameter the statement cannot take, and the session serves the next read', async () => {
    const statement = 'SELECT id AS n FROM item WHERE id = $1';
    await expect(read('by_id', statement, ['not a number'])).rejects.toMatchObject({ code: '22P02' });
    expect(await read('by_id', statement, [3])).toEqual([{ n: 3 }]);
    // A text that fails to parse leaves no statement behind: the name is prepared when it parses.
    await expect(read('broken', 'SELECT FROM nowhere WHERE', [])).rejects.toMatchObject({ code: '42601' });
    expect(await read('broken', 'SELECT 1 AS one', [])).toEqual([{ one: 1 }]);
  });

  it('waits for an open transaction and reads what it committed', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transaction = pglite.transaction(async (tx) => {
      await tx.exec(`INSERT INTO item VALUES (9001, 'in the transaction')`);
      await held;
    });
    // Let the transaction begin before the read is asked for.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reading = read<{ label: string }>('label_of', 'SELECT label FROM item WHERE id = $1', [9001]);
    let answered = false;
    void reading.then(() => {
      answered = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered).toBe(false);
    release();
    await transaction;
    expect(await reading).toEqual([{ label: 'in the transaction' }]);
  });
});
