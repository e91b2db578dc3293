// Migrations' transactions on PGlite: exec takes several statements at once.
import type { PGlite } from '@electric-sql/pglite';
import type { InTransaction } from './apply-migrations.js';

export function pgliteTransactions(pglite: PGlite): InTransaction {
  return (work) =>
    pglite.transaction((tx) =>
      work({
        script: async (sql) => void (await tx.exec(sql)),
        query: async <T>(sql: string, parameters?: unknown[]) => (await tx.query<T>(sql, parameters)).rows,
      }),
    );
}
