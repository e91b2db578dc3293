// `npm run schema:print`: writes schema.graphql, the printed and sorted schema that is committed.
// test/schema-drift.test.ts fails when the file and the code disagree.
import { writeFile } from 'node:fs/promises';
import { printSchemaFile, schemaFilePath } from '../src/schema/print.js';

await writeFile(schemaFilePath, printSchemaFile());
console.log(`wrote ${schemaFilePath}`);
// Importing the schema opened the database (src/db.ts), which would keep the process alive.
process.exit(0);
