// Deleting a record, with its audit entry in the same statement (writes/trail.ts). The answer (the
// record as it was) is read first, in the same transaction.
import { prisma } from '../db.js';
import { NotFoundError } from '../errors.js';
import type { EntityDescription } from '../model/entity.js';
import type { Key } from '../model/keys.js';
import type { Writer } from './policy.js';
import { deleteRow, type Transaction } from './sql.js';
import { auditOf } from './trail.js';

/**
 * Deletes the record with `key`; resolves with what `read` (in the same transaction, before the
 * delete) gives. A record that is not there, or is gone by the time of the delete, is 404.
 */
export async function deleteOne<T>(entity: EntityDescription, key: Key, writer: Writer, read: (tx: Transaction) => Promise<T | null>): Promise<T> {
  return prisma.$transaction(async (tx) => {
    const answer = await read(tx);
    if (!answer || !(await deleteRow(tx, entity, key, [auditOf(entity, 'delete', writer.actor)]))) {
      throw new NotFoundError(entity.name, entity.key.join(', '));
    }
    return answer;
  });
}
