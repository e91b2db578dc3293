// Removing records and bringing them back, each with its audit entry in the same statement
// (writes/trail.ts). A Lead, Consumer, Account or SalesRep goes to the trash (`deletedAt` set:
// hidden from lookups and lists, restorable) and is purged later, by an admin or once it has been
// there TRASH_RETENTION_DAYS; other records are deleted for good. The answer (the record as it
// was) is read first, in the same transaction. A delete for good (a purge, or of a type without a
// trash) first writes what it does to the records that hold the deleted one (a lead's sales rep,
// a rep's agent, a lead's favorites) as updates of those records: audited, stamped and told to
// followers, where the foreign keys' SET NULL and CASCADE would change them unseen.
import { withArticle } from '../model/entity-words.js';
import { config } from '../config.js';
import { prisma } from '../db.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { EntityDescription } from '../model/entity.js';
import { entities } from '../model/entities.js';
import { keyOf, type Key } from '../model/keys.js';
import { committed, deletion, type Change } from './changes.js';
import { outboxEvents, outboxFollowUp } from './outbox.js';
import type { Writer } from './policy.js';
import { joinTableOf, now, parameters, quoted, withFollowUps, type Bind, type JoinTable, type Returned, type Transaction } from './sql.js';
import { auditOf, recordKeySql, recordKeyText, type Operation } from './trail.js';

export type Removal = Extract<Operation, 'delete' | 'restore' | 'purge'>;

/** Which rows of a table (alias `t`) a removal takes, binding what it needs. */
type Match = (bind: Bind) => string;

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
 * What other records hold of a record of `entity` that the database changes when it is deleted for
 * good: a to-one relation that must name an existing record and may be empty (its foreign key's ON
 * DELETE SET NULL), or a list (its join table's rows go, ON DELETE CASCADE). A required relation
 * refuses the delete instead (RESTRICT: 409), and a soft one keeps its id.
 */
interface Holding {
  source: EntityDescription;
  relation: string;
  /** A to-one relation's foreign-key columns; none for a list. */
  columns: string[];
  /** A list's join table. */
  join?: JoinTable;
}

const holdingsByEntity = new Map<string, Holding[]>();

/** The holdings of `entity`, worked out at its first delete: the descriptions do not change while the server runs. */
function referencesTo(entity: EntityDescription): Holding[] {
  let holdings = holdingsByEntity.get(entity.name);
  if (!holdings) {
    holdings = Object.values(entities).flatMap((source) =>
      Object.entries(source.relations).flatMap(([relation, field]): Holding[] => {
        if (field.target !== entity.name) return [];
        if (field.list) return [{ source, relation, columns: [], join: joinTableOf(source, relation) }];
        return field.columns && !field.soft && !field.required ? [{ source, relation, columns: field.columns }] : [];
      }),
    );
    holdingsByEntity.set(entity.name, holdings);
  }
  return holdings;
}

/**
 * Writes as updates by `actor` what deleting the records `match` takes (from the trash: `trashed`)
 * does to the records that hold them (referencesTo): a to-one reference set to NULL here, a list
 * that loses them (its link rows go with the delete); each with `updatedAt`/`updatedBy`, an audit
 * entry naming the relation and its change told to followers. Resolves with those changes.
 */
async function clearReferences(tx: Transaction, entity: EntityDescription, match: Match, actor: string, trashed: boolean): Promise<Change[]> {
  const changes: Change[] = [];
  const keyList = (alias: string, fields: readonly string[]) => fields.map((field) => `${alias}.${quoted(field)}`).join(', ');
  for (const { source, relation, columns, join } of referencesTo(entity)) {
    const taken = (bind: Bind) =>
      `SELECT ${keyList('t', entity.key)} FROM ${quoted(entity.name)} AS t WHERE ${match(bind)}${trashed ? ' AND t."deletedAt" IS NOT NULL' : ''}`;
    const held = (bind: Bind) =>
      join
        ? `r.${quoted(source.key[0])} IN (SELECT j.${quoted(join.ownerColumn)} FROM ${quoted(join.table)} AS j WHERE j.${quoted(join.targetColumn)} IN (${taken(bind)}))`
        : `(${keyList('r', columns)}) IN (${taken(bind)})`;
    const found = parameters([]);
    const holders = await tx.$queryRawUnsafe<Returned[]>(
      `SELECT ${keyList('r', source.key)} FROM ${quoted(source.name)} AS r WHERE ${held(found.bind)} FOR UPDATE OF r`,
      ...found.values,
    );
    if (holders.length === 0) continue;
    const cleared = holders.map((row): Change => {
      const key = keyOf(source, row);
      return {
        entity: source.name,
        kind: 'updated',
        key,
        fields: [relation],
        columns: { ...key, ...Object.fromEntries(columns.map((column) => [column, null])) },
      };
    });
    const events = outboxEvents(cleared);
    const { values, bind } = parameters([]);
    const keys = bind(cleared.map((change) => recordKeyText(source, change.key)));
    const sets = [...columns.map((column) => `${quoted(column)} = NULL`), `"updatedAt" = ${now}`, `"updatedBy" = ${bind(actor)}`];
    const write = `UPDATE ${quoted(source.name)} AS t SET ${sets.join(', ')} WHERE ${recordKeySql(source, 't')} = ANY(${keys}::text[]) RETURNING t.*`;
    const follow = [auditOf(source, 'update', actor, [relation]), ...(events ? [outboxFollowUp(events)] : [])];
    await tx.$queryRawUnsafe(withFollowUps(write, source, false, { actor, follow }, bind), ...values);
    changes.push(...cleared);
  }
  return changes;
}

/**
 * Removes (or restores) the record with `key` in one statement with its audit entry and its
 * webhook events (a purge clears the references to it first); resolves with the changes made, or
 * undefined when no record was there to take. The caller tells `committed` once its transaction
 * has committed.
 */
export async function remove(tx: Transaction, entity: EntityDescription, key: Key, removal: Removal, actor: string): Promise<Change[] | undefined> {
  const match: Match = (bind) => entity.key.map((field) => `t.${quoted(field)} = ${bind(key[field])}`).join(' AND ');
  // Deleted for good (purged, or of a type without a trash): what others held of it goes as their updates.
  const forGood = removal === 'purge' || (removal === 'delete' && !entity.trash);
  const cleared = forGood ? await clearReferences(tx, entity, match, actor, removal === 'purge') : [];
  const changes = [changeOf(entity, key, removal) ?? []].flat();
  const events = outboxEvents(changes);
  const { values, bind } = parameters([]);
  const follow = [auditOf(entity, removal, actor), ...(events ? [outboxFollowUp(events)] : [])];
  const sql = withFollowUps(statementOf(entity, removal, match(bind)), entity, false, { actor, follow }, bind);
  return (await tx.$queryRawUnsafe<unknown[]>(sql, ...values)).length > 0 ? [...cleared, ...changes] : undefined;
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
  if (removal !== 'delete' && !entity.trash) throw new ConflictError('id', `${withArticle(entity)} is deleted for good, never kept in a trash`);
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
  const actor = 'retention';
  for (const entity of Object.values(entities).filter((candidate) => candidate.trash)) {
    const cleared = await prisma.$transaction(async (tx) => {
      // The expired records, locked: a restore committed meanwhile takes its record out of them
      // (FOR UPDATE reads the latest row again), and one that comes later waits and finds it gone.
      // The references cleared and the records purged are then exactly these.
      const expired = await tx.$queryRawUnsafe<{ key: string }[]>(
        `SELECT ${recordKeySql(entity, 't')} AS "key" FROM ${quoted(entity.name)} AS t
         WHERE t."deletedAt" < ${now} - make_interval(days => $1::int) FOR UPDATE`,
        days,
      );
      if (expired.length === 0) return [];
      const match: Match = (bind) => `${recordKeySql(entity, 't')} = ANY(${bind(expired.map((row) => row.key))}::text[])`;
      const cleared = await clearReferences(tx, entity, match, actor, true);
      const { values, bind } = parameters([]);
      const sql = withFollowUps(statementOf(entity, 'purge', match(bind)), entity, false, { actor, follow: [auditOf(entity, 'purge', actor)] }, bind);
      purged += (await tx.$queryRawUnsafe<unknown[]>(sql, ...values)).length;
      return cleared;
    });
    committed(cleared);
  }
  return purged;
}
