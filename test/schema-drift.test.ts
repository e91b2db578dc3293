import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { printSchemaFile, schemaFilePath } from '../src/schema/print.js';

describe('schema.graphql', () => {
  it('is the printed, sorted schema of the code (run `npm run schema:print` after changing the schema)', async () => {
    const committed = await readFile(schemaFilePath, 'utf8');
    expect(committed).toBe(printSchemaFile());
  });
});
