// For `npm run bench -- --pglite`: migrates the PGlite directory and loads the same dataset into
// it, through PGlite itself, before the server opens the directory.
import { PGlite } from '@electric-sql/pglite';
import { disconnectDatabase, migrateDatabase } from '../src/db.js';
import { config } from '../src/config.js';
import { datasetSql } from './dataset.js';

await migrateDatabase();
await disconnectDatabase();
const pglite = new PGlite(config.dataDir);
await pglite.exec(datasetSql());
await pglite.close();
process.exit(0);
