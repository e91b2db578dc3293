// Deletes records one by one in one transaction (a bulk delete), each as a delete of one does it
// (writes/delete.ts: into the trash where the entity has one, with its audit entry and webhook
// events): one that cannot be deleted (other records still need it, or it is gone) fails alone,
// its statement undone to a savepoint, and the others are deleted; a failure of the database fails
// them all (thrown).
import type { GraphQLError } from 'graphql';
import { prisma } from '../db.js';
import { NotFoundError } from '../errors.js';
import { knownDatabaseError } from '../mask-error.js';
import type { EntityDescription } from '../model/entity.js';
import { whereUnique, type Key } from '../model/keys.js';
import { committed, type Change } from './changes.js';
import { remove } from './delete.js';
import type { Writer } from './policy.js';
import type { Transaction } from './sql.js';

export type DeleteOutcome = { status: 'deleted'; key: Key; row: Record<string, unknown> } | { status: 'failed'; key: Key; error: GraphQLError };

type Delegate = { findUnique(args: object): Promise<Record<string, unknown> | null> };

/**
 * `select` is what each deleted row answers with (its key alone for a caller who may not read),
 * read before its delete. Every key is one the caller's filter matched a moment before.
 */
export async function deleteEach(entity: EntityDescription, keys: Key[], select: object, writer: Writer): Promise<DeleteOutcome[]> {
  const changes: Change[] = [];
  const outcomes = await prisma.$transaction(async (tx: Transaction) => {
    const delegate = (tx as unknown as Record<string, Delegate>)[entity.delegate];
    const outcomes: DeleteOutcome[] = [];
    for (const key of keys) {
      await tx.$executeRawUnsafe('SAVEPOINT delete_each');
      try {
        const where = { ...whereUnique(entity, key), ...(entity.trash && { deletedAt: null }) };
        const row = await delegate.findUnique({ ...select, where });
        const removed = row ? await remove(tx, entity, key, 'delete', writer.actor) : undefined;
        if (!row || !removed) throw new NotFoundError(entity.name, entity.key.join(', '));
        changes.push(...removed);
        outcomes.push({ status: 'deleted', key, row });
        await tx.$executeRawUnsafe('RELEASE SAVEPOINT delete_each');
      } catch (error) {
        const known = error instanceof NotFoundError ? error : knownDatabaseError(error);
        if (!known || known.extensions.code === 'SERVICE_UNAVAILABLE') throw error;
        await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT delete_each');
        outcomes.push({ status: 'failed', key, error: known.extensions.code === 'NOT_FOUND' ? new NotFoundError(entity.name, entity.key.join(', ')) : known });
      }
    }
    return outcomes;
  });
  committed(changes);
  return outcomes;
}
