// `npm run schema:print`: writes schema.graphql, the printed and sorted schema that is committed
// (or the file named after `--`, which test/schema-print.test.ts uses).
// test/schema-drift.test.ts fails when the file and the code disagree. It needs no database: the
// schema is built from code, and src/db.ts opens nothing until a query is sent.
import '../src/one-line-failures.js';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { printSchemaFile, schemaFilePath } from '../src/schema/print.js';

const target = process.argv[2] ? path.resolve(process.argv[2]) : schemaFilePath;
await writeFile(target, printSchemaFile());
console.log(`wrote ${target}`);
