import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { projectRoot } from '../migrations/migrations-folder.js';
import { schema } from './index.js';

export const schemaFilePath = path.join(projectRoot, 'schema.graphql');

export function printSchemaFile(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
