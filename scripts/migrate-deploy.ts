// `npm run db:deploy`: applies pending migrations to the configured database (DATABASE_URL, or
// PGlite in DATA_DIR) without starting the server, as `prisma migrate deploy` would.
import '../src/one-line-failures.js';
import { disconnectDatabase, migrateDatabase } from '../src/db.js';

const applied = await migrateDatabase();
console.log(applied.length ? `Applied ${applied.join(', ')}.` : 'No pending migrations.');
await disconnectDatabase();
process.exit(0);
