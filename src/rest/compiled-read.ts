// REST reads answered by one statement that builds the JSON text in the database (document-sql.ts):
// a record by its key, and a numbered page with its total. The text is sent as the database wrote
// it, never parsed; only personal values JavaScript must decrypt or mask are spliced in, by the
// same function the GraphQL fields use (auth/personal-data.ts). A list with a `where` is left to
// the GraphQL executor (compiled-answer.ts).
import { mayReadPersonalData } from '../auth/personal-data.js';
import { withMarkedValues } from '../compiled/json-text.js';
import { runBuilt } from '../compiled/prepared.js';
import type { EntityDescription } from '../model/entity.js';
import { quoted } from '../writes/sql.js';
import { documentSql, type DocumentShape } from './document-sql.js';
import type { ListArguments } from './list-query.js';

// The statements differ by entity, depth, envelope and whether the reader sees personal data:
// a few hundred at most, built once each.
const documents = new Map<string, string>();

function cachedDocument(entity: EntityDescription, shape: DocumentShape, alias: string): string {
  const id = `${entity.name}:${shape.depth}:${shape.envelope}:${mayReadPersonalData(shape.reader)}:${alias}`;
  if (!documents.has(id)) documents.set(id, documentSql(entity, alias, shape));
  return documents.get(id)!;
}

/** What hides the records in the trash from lookups and lists, as the GraphQL fields do (schema/crud.ts). */
const outsideTrash = (entity: EntityDescription, alias: string) => (entity.trash ? [`${alias}."deletedAt" IS NULL`] : []);

/** The document of the record with this key, as JSON text; undefined when there is none. */
export async function compiledDocument(entity: EntityDescription, key: string[], shape: DocumentShape): Promise<string | undefined> {
  const where = [...entity.key.map((field, index) => `d0.${quoted(field)} = $${index + 1}`), ...outsideTrash(entity, 'd0')].join(' AND ');
  const sql = `SELECT ${cachedDocument(entity, shape, 'd0')} AS body FROM ${quoted(entity.name)} d0 WHERE ${where}`;
  const [row] = await runBuilt<{ body: string }>(sql, key);
  return row && withMarkedValues(row.body, shape.reader);
}

export interface CompiledPage {
  /** The documents of the page, as the JSON text of a list. */
  docs: string;
  totalDocs: number;
}

/** A page of documents and the number of records, in one statement (a list without `where`). */
export async function compiledPage(
  entity: EntityDescription,
  list: ListArguments,
  order: Record<string, 'asc' | 'desc'>[],
  shape: DocumentShape,
): Promise<CompiledPage> {
  const terms = order.map((term) => Object.entries(term)[0]);
  const orderBy = (column: (name: string, index: number) => string) =>
    terms.map(([name, direction], index) => `${column(name, index)} ${direction === 'desc' ? 'DESC' : 'ASC'}`).join(', ');
  const ordered = terms.map(([name], index) => `d0.${quoted(name)} AS o${index}`).join(', ');
  const where = outsideTrash(entity, 'r')
    .map((condition) => `WHERE ${condition}`)
    .join('');
  // The page is ordered once to be cut, and its documents once more as they are joined.
  const sql = `SELECT
    (SELECT '[' || coalesce(string_agg(doc, ',' ORDER BY ${orderBy((_, index) => `page.o${index}`)}), '') || ']' FROM (
      SELECT ${cachedDocument(entity, shape, 'd0')} AS doc, ${ordered}
      FROM (SELECT * FROM ${quoted(entity.name)} r ${where} ORDER BY ${orderBy((name) => `r.${quoted(name)}`)} LIMIT $1 OFFSET $2) d0
    ) page) AS docs,
    (SELECT count(*)::int FROM ${quoted(entity.name)} r ${where}) AS total`;
  const [row] = await runBuilt<{ docs: string; total: number }>(sql, [list.limit, (list.page - 1) * list.limit]);
  return { docs: withMarkedValues(row.docs, shape.reader), totalDocs: row.total };
}
