// What a write leaves behind besides the records it writes: a lead's status history. It is written
// by the write's own statement (a data-modifying CTE over the written rows, writes/sql.ts), so it
// commits or fails with the write and costs no statement of its own.
import { InputError } from '../errors.js';
import type { EntityDescription } from '../model/entity.js';
import { leadStatuses, refusedMoveMessage } from '../model/lead-statuses.js';
import { now, type FollowUp, type Returned } from './sql.js';

export type Operation = 'create' | 'update';

/** Whether a write of these columns changes a lead's status (and so records it and checks the move). */
export const changesStatus = (entity: EntityDescription, columns: Iterable<string>) => entity.name === 'Lead' && [...columns].includes('processStatuses');

/** The columns an update returns as they were before it (`before.<column>`), for the trail. */
export const beforeColumns = (entity: EntityDescription, columns: string[]) => (changesStatus(entity, columns) ? ['processStatuses'] : []);

/** The trail's INSERTs for rows of `entity` written by `operation` with these columns. */
export function followUpsOf(entity: EntityDescription, operation: Operation, columns: string[], actor: string): FollowUp[] {
  if (!changesStatus(entity, columns)) return [];
  const from = operation === 'create' ? 'NULL' : 'w."before.processStatuses"';
  return [
    (bind) => `INSERT INTO "LeadStatusChange" ("leadId", "fromStatus", "toStatus", "reason", "changedBy", "changedAt")
      SELECT w."id", ${from}, w."processStatuses", w."reason", ${bind(actor)}, ${now} FROM written AS w
      WHERE w."processStatuses" IS DISTINCT FROM ${from}`,
  ];
}

/**
 * Refuses (400, rolling the write back) an update that moved a lead where the configuration
 * allows no move: from the status it had when the write took its row to the one written.
 * `pathOf` gives the input path of each row's record.
 */
export function checkMoves(entity: EntityDescription, written: Returned[], pathOf: (row: Returned) => string): void {
  if (entity.name !== 'Lead') return;
  const problems = written.flatMap((row) => {
    const from = row['before.processStatuses'] as string | null;
    const to = row.processStatuses as string;
    return leadStatuses.mayMove(from, to) ? [] : [{ field: `${pathOf(row)}.processStatuses`, message: refusedMoveMessage(from!, to) }];
  });
  if (problems.length > 0) throw new InputError(problems);
}
