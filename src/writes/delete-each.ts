// Deletes records one by one in one transaction (a bulk delete): one that cannot be deleted (other
// records still need it, or it is gone) fails alone, its statement undone to a savepoint, and the
// others are deleted; a failure of the database fails them all (thrown).
import type { GraphQLError } from 'graphql';
import { prisma } from '../db.js';
import { NotFoundError } from '../errors.js';
import { knownDatabaseError } from '../mask-error.js';
import type { EntityDescription } from '../model/entity.js';
import { whereUnique, type Key } from '../model/keys.js';
import type { Transaction } from './sql.js';

export type DeleteOutcome = { status: 'deleted'; key: Key; row: unknown } | { status: 'failed'; key: Key; error: GraphQLError };

type Delegate = { delete(args: object): Promise<unknown> };

/**
 * `select` is what each deleted row answers with (its key alone for a caller who may not read).
 * Every key is one the caller's filter matched a moment before.
 */
export function deleteEach(entity: EntityDescription, keys: Key[], select: object): Promise<DeleteOutcome[]> {
  return prisma.$transaction(async (tx: Transaction) => {
    const delegate = (tx as unknown as Record<string, Delegate>)[entity.delegate];
    const outcomes: DeleteOutcome[] = [];
    for (const key of keys) {
      await tx.$executeRawUnsafe('SAVEPOINT delete_each');
      try {
        outcomes.push({ status: 'deleted', key, row: await delegate.delete({ ...select, where: whereUnique(entity, key) }) });
        await tx.$executeRawUnsafe('RELEASE SAVEPOINT delete_each');
      } catch (error) {
        const known = knownDatabaseError(error);
        if (!known || known.extensions.code === 'SERVICE_UNAVAILABLE') throw error;
        await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT delete_each');
        outcomes.push({ status: 'failed', key, error: known.extensions.code === 'NOT_FOUND' ? new NotFoundError(entity.name, entity.key.join(', ')) : known });
      }
    }
    return outcomes;
  });
}
