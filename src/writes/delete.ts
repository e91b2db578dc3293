// Removing records and bringing them back, each with its audit entry in the same statement
// (writes/trail.ts). A Lead, Consumer, Account or SalesRep goes to the trash (`deletedAt` set:
// hidden from lookups and lists, restorable) and is purged later, by an admin or once it has been
// there TRASH_RETENTION_DAYS; other records are deleted for good. The answer (the record as it
// was) is read first, in the same transaction.
import { config } from '../config.js';
import { prisma } from '../db.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { EntityDescription } from '../model/entity.js';
import { entities } from '../model/entities.js';
import type { Key } from '../model/keys.js';
import { committed, deletion, type Change } from './changes.js';
import { outboxEvents, outboxFollowUp } from './outbox.js';
import type { Writer } from './policy.js';
import { now, parameters, quoted, withFollowUps, type Transaction } from './sql.js';
import { auditOf, type Operation } from './trail.js';

export type Removal = Extract<Operation, 'delete' | 'restore' | 'purge'>;

/** The one statement of each removal: which rows it takes, and what it does to them. */
function statementOf(entity: EntityDescription, removal: Removal, match: string): string {
  const table = quoted(entity.name);
  if (removal === 'purge') return `DELETE FROM ${table} AS t WHERE ${match} AND t."deletedAt" IS NOT NULL RETURNING t.*`;
  if (removal === 'restore') return `UPDATE ${table} AS t SET "deletedAt" = NULL WHERE ${match} AND t."deletedAt" IS NOT NULL RETURNING t.*`;
  if (entity.trash) return `UPDATE ${table} AS t SET "deletedAt" = ${now} WHERE ${match} AND t."deletedAt" IS NULL RETURNING t.*`;
  return `DELETE FROM ${table} AS t WHERE ${match} RETURNING t.*`;
}

/**
 * What followers of changes (subscriptions, webhooks: writes/changes.ts) are told of a removal: a
 * delete (into the trash or for good) is the record's deletion, a restore a change of no field; a
 * purge of a record already deleted tells nothing.
 */
function changeOf(entity: EntityDescription, key: Key, removal: Removal): Change | undefined {
  if (removal === 'delete') return deletion(entity.name, key);
  if (removal === 'restore') return { entity: entity.name, kind: 'updated', key, fields: [], columns: { ...key } };
  return undefined;
}

/**
 * Removes (or restores) the record with `key` in one statement with its audit entry and its
 * webhook events; resolves with the change it made, or undefined when no record was there to take.
 * The caller tells `committed` once its transaction has committed.
 */
export async function remove(tx: Transaction, entity: EntityDescription, key: Key, removal: Removal, actor: string): Promise<Change[] | undefined> {
  const changes = [changeOf(entity, key, removal) ?? []].flat();
  const events = outboxEvents(changes);
  const { values, bind } = parameters([]);
  const match = entity.key.map((field) => `t.${quoted(field)} = ${bind(key[field])}`).join(' AND ');
  const follow = [auditOf(entity, removal, actor), ...(events ? [outboxFollowUp(events)] : [])];
  const sql = withFollowUps(statementOf(entity, removal, match), entity, false, { actor, follow }, bind);
  return (await tx.$queryRawUnsafe<unknown[]>(sql, ...values)).length > 0 ? changes : undefined;
}

/**
 * Deletes (or trashes) the record with `key`, restores it from the trash, or purges it from there;
 * resolves with what `read` gives (in the same transaction: before the change, after a restore). A record that is
 * not there (for a delete: not outside the trash; for a restore or purge: not in it) is 404.
 */
export async function removeOne<T>(
  entity: EntityDescription,
  key: Key,
  removal: Removal,
  writer: Writer,
  read: (tx: Transaction) => Promise<T | null>,
): Promise<T> {
  if (removal !== 'delete' && !entity.trash) throw new ConflictError('id', `a ${entity.name} is deleted for good, never kept in a trash`);
  let changes: Change[] | undefined;
  const answer = await prisma.$transaction(async (tx) => {
    // A delete or purge answers the record as it was; a restore as it is now, out of the trash.
    if (removal === 'restore') {
      changes = await remove(tx, entity, key, removal, writer.actor);
      const restored = changes && (await read(tx));
      if (!restored) throw new NotFoundError(entity.name, entity.key.join(', '));
      return restored;
    }
    const found = await read(tx);
    changes = found ? await remove(tx, entity, key, removal, writer.actor) : undefined;
    if (!found || !changes) throw new NotFoundError(entity.name, entity.key.join(', '));
    return found;
  });
  committed(changes ?? []);
  return answer;
}

/** Purges what has been in the trash longer than the retention; resolves with how many records. */
export async function purgeExpiredTrash(days = config.trashRetentionDays): Promise<number> {
  let purged = 0;
  for (const entity of Object.values(entities).filter((candidate) => candidate.trash)) {
    const { values, bind } = parameters([]);
    const match = `t."deletedAt" < ${now} - make_interval(days => ${bind(days)}::int)`;
    const sql = withFollowUps(
      statementOf(entity, 'purge', match),
      entity,
      false,
      { actor: 'retention', follow: [auditOf(entity, 'purge', 'retention')] },
      bind,
    );
    purged += (await prisma.$queryRawUnsafe<unknown[]>(sql, ...values)).length;
  }
  return purged;
}
