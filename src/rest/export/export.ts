// A list exported as CSV or NDJSON: `GET /api/<collection>?format=csv` (or `ndjson`), or the list
// route with `Accept: text/csv` / `application/x-ndjson`. The same `where` and `sort` as the list,
// the same filter rules (schema/crud.ts listWhere) and personal-data masking; every record the
// filter matches, flat (relations as their keys), streamed chunk by chunk from a keyset cursor
// (rows.ts): the answer is produced as the client reads it, so memory holds one chunk at a time.
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { endCutOff, type CutOff } from '../../http/cut-off.js';
import { log } from '../../logger.js';
import type { Problem } from '../../errors.js';
import { errorModel, jsonResponse } from '../../http/error-response.js';
import type { EntityDescription } from '../../model/entity.js';
import { listWhere } from '../../schema/crud.js';
import { alwaysHasValue, orderByFromInput } from '../../schema/filters.js';
import { restError } from '../errors.js';
import { readSort, whereArgument } from '../list-query.js';
import { csvLine } from './csv.js';
import { listFilter } from './list-filter.js';
import { exportColumns, exportRows, type ExportColumn, type ExportSource } from './rows.js';
import { readSelect } from '../select.js';

export const exportFormats = new Map([
  ['csv', 'text/csv; charset=utf-8'],
  ['ndjson', 'application/x-ndjson'],
]);
export type ExportFormat = 'csv' | 'ndjson';

/**
 * The export format a list request asks for: `format` first, then an Accept header that names
 * CSV or NDJSON before JSON; undefined for a JSON list. A `format` that is none is a problem.
 */
export function exportFormatOf(request: Request, query: Record<string, unknown>, problems: Problem[]): ExportFormat | undefined {
  if (query.format !== undefined) {
    if (query.format === 'csv' || query.format === 'ndjson') return query.format;
    problems.push({ field: 'format', message: 'must be csv or ndjson (or leave it out for JSON)' });
    return undefined;
  }
  const accepted = (request.headers.get('accept') ?? '')
    .split(',')
    .map((part) => part.split(';')[0].trim().toLowerCase())
    .find((type) => type === 'text/csv' || type === 'application/x-ndjson' || type === 'application/json' || type === '*/*');
  return accepted === 'text/csv' ? 'csv' : accepted === 'application/x-ndjson' ? 'ndjson' : undefined;
}

/** The order of an export: `sort` on fields every record has a value in (a keyset needs them), never a personal one. */
function exportOrder(entity: EntityDescription, query: Record<string, unknown>, problems: Problem[]) {
  const terms = readSort(entity, query.sort, problems) ?? [];
  for (const [index, term] of terms.entries()) {
    const field = Object.hasOwn(entity.scalars, term.field) ? entity.scalars[term.field] : undefined;
    if (field?.pii || !alwaysHasValue(entity, term.field)) {
      problems.push({ field: 'sort', message: `term ${index + 1}: an export is sorted by fields every record has a value in, and never by personal data` });
    }
  }
  return orderByFromInput(entity, terms);
}

/**
 * The columns `select` keeps (Payload's select, on the flat row): `select[email]=true` the key and
 * those named, `select[notes]=false` all but those named; a relation named is its key column(s)
 * (`salesRep`: salesRepId), and a selection of a relation's fields is refused, the row being flat.
 */
function selectedColumns(entity: EntityDescription, raw: unknown, problems: Problem[]): ExportColumn[] {
  const columns = exportColumns(entity);
  if (raw === undefined) return columns;
  const selection = readSelect(entity, raw, 'select', problems);
  if (!selection) return columns;
  const named = new Set<string>();
  for (const [name, inner] of selection.fields) {
    const canonical = entity.aliases?.[name] ?? name;
    const relation = Object.hasOwn(entity.relations, canonical) ? entity.relations[canonical] : undefined;
    if (relation?.list) problems.push({ field: `select.${name}`, message: 'is a list of related records, which an export does not hold' });
    else if (inner !== true && inner.include)
      problems.push({ field: `select.${name}`, message: `an export is flat: select the relation itself (select[${name}]=true gives its key column)` });
    else for (const column of relation ? relation.columns! : [canonical]) named.add(column);
  }
  const key = new Set(entity.key);
  return columns.filter((column) => key.has(column.name) || (selection.include ? named.has(column.name) : !named.has(column.name)));
}

const encoder = new TextEncoder();

function render(format: ExportFormat, columns: string[], record: Record<string, unknown>): string {
  if (format === 'csv') return csvLine(columns.map((name) => record[name]));
  // NDJSON: one document a line; fields without a value are left out, as documents do.
  return `${JSON.stringify(Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined)))}\n`;
}

export interface ExportRequest {
  entity: EntityDescription;
  slug: string;
  format: ExportFormat;
  query: Record<string, unknown>;
  /** `?trash=true`: records in the trash too (on the collections with a trash). */
  trash: boolean | undefined;
  apiKey: { scopes: readonly string[] } | null;
  /** Closes the connection, should the export fail once its status is sent. */
  cutOff: CutOff;
  /** The running schema, whose `<E>Filter` type checks `where` as the list's operation does. */
  schema: GraphQLSchema;
}

export function answerExport({ entity, slug, format, query, trash, apiKey, cutOff, schema }: ExportRequest): Response {
  const problems: Problem[] = [];
  const filter = whereArgument(entity, query, problems);
  const order = exportOrder(entity, query, problems);
  const selected = selectedColumns(entity, query.select, problems);
  if (problems.length > 0) {
    return jsonResponse(400, errorModel(400, problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '), { problems }));
  }
  // Before any row is read or the status sent: a filter the list refuses is the list's 400.
  const checked = listFilter(schema, entity, filter);
  if ('errors' in checked) {
    const { status, body, headers } = restError(checked.errors);
    return jsonResponse(status, body, headers);
  }
  let source: ExportSource;
  try {
    source = { entity, where: listWhere({ apiKey, sent: new Map() }, entity, checked.filter, trash), order, reader: { apiKey } };
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const { status, body, headers } = restError([error.toJSON()]);
    return jsonResponse(status, body, headers);
  }
  const columns = selected.map((column) => column.name);
  const chunks = exportRows(source, selected);
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    // One chunk of rows per pull: the next is read only when the client has taken this one.
    async pull(controller) {
      if (!started && format === 'csv') controller.enqueue(encoder.encode(csvLine(columns)));
      started = true;
      try {
        const next = await chunks.next();
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(next.value.map((record) => render(format, columns, record)).join('')));
      } catch (error) {
        // The status is sent: the answer is cut off (http/cut-off.ts), and the failure logged.
        log.error({ err: error, export: slug }, 'an export failed part-way');
        endCutOff(controller, cutOff);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      'content-type': exportFormats.get(format)!,
      'content-disposition': `attachment; filename="${slug}.${format}"`,
      vary: 'Accept',
    },
  });
}
