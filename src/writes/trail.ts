// What a write leaves behind besides the records it writes: an audit entry per record (who, when,
// which operation, the names of the fields it changed, never their values) and a lead's status
// history. Both are written by the write's own statement (data-modifying CTEs over the written
// rows, writes/sql.ts), so they commit or fail with the write and cost no statement of their own.
import { InputError } from '../errors.js';
import type { EntityDescription } from '../model/entity.js';
import { leadStatuses, refusedMoveMessage } from '../model/lead-statuses.js';
import type { Key } from '../model/keys.js';
import { now, quoted, type FollowUp, type Returned } from './sql.js';

export type Operation = 'create' | 'update' | 'delete' | 'restore' | 'purge' | 'erase';

/** A record's key as the audit trail holds it: its id, or a City's `<stateCode>/<name>`. */
export const recordKeyText = (entity: EntityDescription, key: Key) => entity.key.map((field) => key[field]).join('/');

/** The same text in SQL, of the row `alias`. */
export const recordKeySql = (entity: EntityDescription, alias: string) => entity.key.map((field) => `${alias}.${quoted(field)}`).join(` || '/' || `);

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Whether a write of these columns changes a lead's status (and so records it and checks the move). */
/**
 * Whether a write of these columns changes a lead's status or its reason, and so is checked as
 * written (the move from the stored status; a closing status keeps a reason) and recorded.
 */
export const changesStatus = (entity: EntityDescription, columns: Iterable<string>) =>
  entity.name === 'Lead' && [...columns].some((column) => column === 'processStatuses' || column === 'reason');

/**
 * The field each written column belongs to, and the columns that tell whether it changed: an
 * encrypted field by its digest (its ciphertext differs at every write), a relation by its
 * foreign-key columns.
 */
function fieldsOfColumns(entity: EntityDescription, columns: string[]): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  const encryptedByDigest = new Map(
    Object.entries(entity.scalars)
      .filter(([, field]) => field.encrypted)
      .map(([name]) => [`${name}Digest`, name]),
  );
  for (const column of columns) {
    if (entity.scalars[column]?.encrypted) continue;
    const relation = Object.entries(entity.relations).find(([, candidate]) => candidate.columns?.includes(column))?.[0];
    const field = encryptedByDigest.get(column) ?? relation ?? column;
    fields.set(field, [...(fields.get(field) ?? []), column]);
  }
  return fields;
}

/** The columns an update's follow-ups read as they were before it (`before.<column>`). */
export function beforeColumns(entity: EntityDescription, columns: string[]): string[] {
  return [...fieldsOfColumns(entity, columns).values()].flat();
}

/** The columns an update must find unchanged when it takes the row: a lead's status, whose move it checks. */
export const guardedColumns = (entity: EntityDescription, columns: string[]) => (changesStatus(entity, columns) ? ['processStatuses'] : []);

/** Per record written: the names of the fields its write gave that SQL cannot compare (lists; a create's every field). */
export type GivenFields = Map<string, string[]>;

function auditFollowUp(
  entity: EntityDescription,
  operation: 'create' | 'update',
  columns: string[],
  actor: string,
  given: GivenFields,
  serverSet: string[],
): FollowUp {
  const key = recordKeySql(entity, 'w');
  // A create names the fields it was given, and those the server set that were not (a lead's rep, by round robin).
  const setByServer = [...fieldsOfColumns(entity, serverSet)].map(
    ([field, compared]) =>
      `CASE WHEN ${compared.map((column) => `w.${quoted(column)} IS NOT NULL`).join(' OR ')} AND NOT (${literal(field)} = ANY(COALESCE(g."fields", ARRAY[]::text[]))) THEN ${literal(field)} END`,
  );
  const changed =
    operation === 'create'
      ? `array_remove(ARRAY[${setByServer.join(', ') || 'NULL'}]::text[], NULL)`
      : `array_remove(ARRAY[${
          [...fieldsOfColumns(entity, columns)]
            .map(([field, compared]) => {
              const differs = compared.map((column) => `w.${quoted(column)} IS DISTINCT FROM w.${quoted(`before.${column}`)}`).join(' OR ');
              return `CASE WHEN ${differs} THEN ${literal(field)} END`;
            })
            .join(', ') || 'NULL'
        }]::text[], NULL)`;
  const givenFields = 'COALESCE(g."fields", ARRAY[]::text[])';
  const fields = operation === 'create' ? `${givenFields} || ${changed}` : `${changed} || ${givenFields}`;
  const givenRows = JSON.stringify([...given].map(([record, fields]) => ({ record, fields })));
  return (bind, written) => `INSERT INTO "AuditEntry" ("at", "actor", "operation", "entity", "recordKey", "fields")
    SELECT ${now}, ${bind(actor)}, ${literal(operation)}, ${literal(entity.name)}, ${key}, ${fields}
    FROM ${written} AS w LEFT JOIN json_to_recordset(${bind(givenRows)}::json) AS g("record" text, "fields" text[]) ON g."record" = ${key}`;
}

function statusFollowUp(operation: 'create' | 'update', actor: string): FollowUp {
  const from = operation === 'create' ? 'NULL' : 'w."before.processStatuses"';
  return (bind, written) => `INSERT INTO "LeadStatusChange" ("leadId", "fromStatus", "toStatus", "reason", "changedBy", "changedAt")
      SELECT w."id", ${from}, w."processStatuses", w."reason", ${bind(actor)}, clock_timestamp() AT TIME ZONE 'UTC' FROM ${written} AS w
      WHERE w."processStatuses" IS DISTINCT FROM ${from}`;
}

/** The trail's INSERTs for rows of `entity` written by `operation` with these columns (`serverSet`: those a create computes). */
export function followUpsOf(
  entity: EntityDescription,
  operation: 'create' | 'update',
  columns: string[],
  actor: string,
  given: GivenFields,
  serverSet: string[] = [],
): FollowUp[] {
  const audit = auditFollowUp(entity, operation, columns, actor, given, serverSet);
  return changesStatus(entity, columns) ? [audit, statusFollowUp(operation, actor)] : [audit];
}

/**
 * The audit entry of a record written outside the planner (a delete, a restore, a reference a
 * purge cleared), with the names of the fields it changed.
 */
export function auditOf(entity: EntityDescription, operation: Operation, actor: string, fields: string[] = []): FollowUp {
  return (bind, written) => `INSERT INTO "AuditEntry" ("at", "actor", "operation", "entity", "recordKey", "fields")
    SELECT ${now}, ${bind(actor)}, ${literal(operation)}, ${literal(entity.name)}, ${recordKeySql(entity, 'w')}, ${bind(fields)}::text[] FROM ${written} AS w`;
}

/**
 * Refuses (400, rolling the write back) an update that moved a lead where the configuration
 * allows no move: from the status it had when the write took its row to the one written.
 * `pathOf` gives the input path of each row's record. A caller who may not read what is stored
 * (`reveal` false) is not told the stored status.
 */
export function checkMoves(entity: EntityDescription, written: Returned[], pathOf: (row: Returned) => string, reveal: boolean): void {
  if (entity.name !== 'Lead') return;
  const problems = written.flatMap((row) => {
    if (!('before.processStatuses' in row)) return [];
    const from = row['before.processStatuses'] as string | null;
    const to = row.processStatuses as string;
    if (!leadStatuses.mayMove(from, to)) {
      const message = reveal ? refusedMoveMessage(from!, to) : `may not move to "${to}" from the status the lead has`;
      return [{ field: `${pathOf(row)}.processStatuses`, message }];
    }
    // A lead in a closing status keeps a reason: an update may change it, not clear it.
    const reason = row.reason;
    if (to !== null && leadStatuses.isClosing(to) && (typeof reason !== 'string' || reason.trim() === '')) {
      const message = reveal ? `is required while processStatuses is "${to}", a closing status` : 'is required while the lead is in a closing status';
      return [{ field: `${pathOf(row)}.reason`, message }];
    }
    return [];
  });
  if (problems.length > 0) throw new InputError(problems);
}
