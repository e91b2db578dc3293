// Executes plans set-wise, in the transaction it is given: the rows of all plans are gathered by
// table and written a table at a time (a record before the records that point to it), then the
// list links. Whatever the plans assumed about what exists is checked by the database itself: a
// record planned as new is inserted with ON CONFLICT DO NOTHING, an update must find its row, a
// link must find its target. When one does not, the plans are stale: StalePlan rolls the
// transaction back, and the caller plans again from what exists now (writes/write.ts).
import { encryptField, digestOf } from '../auth/field-encryption.js';
import { databaseErrorOf } from '../database-error.js';
import { preparedWrite, runWrite } from '../db.js';
import type { EntityDescription, EntityName } from '../model/entity.js';
import { entities } from '../model/entities.js';
import type { Input } from './input.js';
import { keyOf, recordId, type Key } from '../model/keys.js';
import { outboxFollowUp, outboxInsert } from './outbox.js';
import { eachNode, type PlanNode } from './plan.js';
import {
  insertNew,
  insertStatement,
  joinTableOf,
  linkStatement,
  now,
  parameters,
  setLinks,
  updateExisting,
  writeCtes,
  type FollowUp,
  type Returned,
  type Transaction,
  type WriteOptions,
} from './sql.js';
import { assignedColumns } from './assignment.js';
import { mayReadStored, type Writer } from './policy.js';
import { beforeColumns, changesStatus, checkMoves, followUpsOf, guardedColumns, recordKeyText, type GivenFields } from './trail.js';

export class StalePlan extends Error {
  constructor() {
    super('the records a write named changed while it was written');
  }
}

/**
 * Records created because no record held an identifier (plan.ts matchLink) are created only while
 * none does: each identifier's advisory lock is taken for the transaction (in one order, so two
 * writers cannot deadlock), then the identifiers are looked up again. One that another writer has
 * created since the plan was made makes the plan stale; planned again, the match finds that record.
 */
async function holdGuards(tx: Transaction, plans: PlanNode[]): Promise<void> {
  const guards = new Map<string, NonNullable<PlanNode['guard']>>();
  for (const plan of plans) eachNode(plan, (node) => node.guard && node.intent === 'create' && guards.set(node.guard.id, node.guard));
  if (guards.size === 0) return;
  const ids = [...guards.keys()].sort();
  await tx.$queryRawUnsafe(`SELECT count(pg_advisory_xact_lock(hashtextextended(id, 0))) FROM unnest($1::text[]) AS id`, ids);
  const held = await tx.$queryRawUnsafe<{ found: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM "Consumer" c JOIN unnest($1::text[], $2::text[]) AS g(column_name, value)
       ON (g.column_name = 'emailKey' AND c."emailKey" = g.value) OR (g.column_name = 'phoneKey' AND c."phoneKey" = g.value)
       OR (g.column_name = 'externalId' AND c."externalId" = g.value)) AS found`,
    [...guards.values()].map((guard) => guard.column),
    [...guards.values()].map((guard) => guard.value),
  );
  if (held[0]?.found) throw new StalePlan();
}

/** Entities in the order they are written: each after the entities its to-one relations point to. */
const writeOrder: EntityName[] = (() => {
  const order: EntityName[] = [];
  const visit = (name: EntityName) => {
    if (order.includes(name)) return;
    for (const relation of Object.values(entities[name].relations)) {
      if (!relation.list && relation.target !== name) visit(relation.target);
    }
    order.push(name);
  };
  for (const name of Object.keys(entities)) visit(name as EntityName);
  return order;
})();

/** A record's values as columns: dates as dates, encrypted fields as ciphertext beside their digest. */
function columnsOf(entity: EntityDescription, values: Input): Input {
  const columns: Input = {};
  for (const [name, value] of Object.entries(values)) {
    const field = entity.scalars[name];
    if (field.encrypted) {
      columns[name] = value === null ? null : encryptField(value as string);
      columns[`${name}Digest`] = value === null ? null : digestOf(value as string);
    } else if (value instanceof Date) {
      // Prisma keeps instants as UTC without a zone, and calendar dates as midnight UTC.
      columns[name] = field.type === 'Date' ? value.toISOString().slice(0, 10) : value.toISOString().slice(0, 23);
    } else {
      columns[name] = value;
    }
  }
  return columns;
}

/**
 * Properties with the sensitive ones encrypted (each value as JSON, so a number or a boolean comes
 * back as one): the plain values stay in the plan, for the answer to the caller who sent them.
 */
function sealed(properties: Input, sensitive: string[]): Input {
  const stored = { ...properties };
  for (const name of sensitive) stored[name] = encryptField(JSON.stringify(properties[name]));
  return stored;
}

interface RowToWrite {
  /** The record's key after the write. */
  key: Key;
  /** The record's key before it: differs from `key` when an update corrects a natural key. */
  where: Key;
  columns: Input;
  /** List columns whose items are appended to the stored list. */
  append?: string[];
  /** The input's path, for errors found as the row is written. */
  path: string;
  /** The fields the audit entry names that its statement cannot compare: lists, and every field of a new record. */
  given: Set<string>;
}

interface LinksToWrite {
  owner: EntityDescription;
  relation: string;
  pairs: [string, string][];
  /** Owners whose stored links this replaces (records updated, not created). */
  replacing: Set<string>;
}

function bucket<T>(map: Map<EntityName, Map<string, T>>, name: EntityName): Map<string, T> {
  const rows = map.get(name) ?? new Map<string, T>();
  map.set(name, rows);
  return rows;
}

/** The rows of every plan, merged by record: a record planned twice is written once. */
class Rows {
  readonly created = new Map<EntityName, Map<string, RowToWrite>>();
  readonly updated = new Map<EntityName, Map<string, RowToWrite>>();
  readonly links = new Map<string, LinksToWrite>();

  add(node: PlanNode) {
    if (node.intent === 'reference') return;
    const { entity } = node;
    const values = node.rewritten ? { ...node.rewritten, ...node.values } : node.values;
    const columns = node.columns ? Object.assign(columnsOf(entity, values), node.columns) : columnsOf(entity, values);
    if (node.sensitive) columns.properties = sealed(values.properties as Input, node.sensitive);
    for (const [name, link] of node.links) {
      const relation = entity.relations[name];
      const target = entities[relation.target];
      relation.columns!.forEach((column, position) => {
        columns[column] = link.key ? link.key[target.key[position]] : null;
      });
    }
    const id = recordId(entity, node.key);
    const key = node.newKey ?? node.key;
    const created = bucket(this.created, entity.name).get(id);
    const updated = bucket(this.updated, entity.name).get(id);
    const { path } = node;
    const given = new Set<string>();
    if (node.intent === 'create') {
      for (const name in node.values) if (!entity.key.includes(name)) given.add(name);
      for (const name of node.links.keys()) if (!entity.key.includes(name)) given.add(name);
    }
    for (const name of node.lists.keys()) given.add(name);
    const row = created ?? updated;
    if (row) {
      Object.assign(row.columns, columns);
      for (const name of given) row.given.add(name);
    } else if (node.intent === 'create') bucket(this.created, entity.name).set(id, { key, where: key, columns: Object.assign(columns, key), path, given });
    else bucket(this.updated, entity.name).set(id, { key, where: node.key, columns: Object.assign(columns, key), append: node.append, path, given });
    for (const [relation, items] of node.lists)
      this.addLinks(
        node,
        relation,
        items.map((item) => item.key!),
        !created && node.intent === 'update',
      );
  }

  private addLinks({ entity, key, newKey }: PlanNode, relation: string, targets: Key[], replacing: boolean) {
    const listId = `${entity.name}.${relation}`;
    const links = this.links.get(listId) ?? { owner: entity, relation, pairs: [], replacing: new Set<string>() };
    this.links.set(listId, links);
    const owner = (newKey ?? key)[entity.key[0]];
    const [targetField] = entities[entity.relations[relation].target].key;
    // A list given twice for one record: the last one is the list.
    links.pairs = links.pairs.filter(([ownerKey]) => ownerKey !== owner);
    links.pairs.push(...targets.map((target): [string, string] => [owner, target[targetField]]));
    if (replacing) links.replacing.add(owner);
  }
}

/** Rows that give the same columns, which one UPDATE statement can set. */
function bySameColumns(rows: RowToWrite[]): RowToWrite[][] {
  const groups = new Map<string, RowToWrite[]>();
  for (const row of rows) {
    const signature = `${Object.keys(row.columns).sort().join(',')}+${row.append?.join(',') ?? ''}`;
    groups.set(signature, [...(groups.get(signature) ?? []), row]);
  }
  return [...groups.values()];
}

/**
 * Whether a plan's outcome is known only once it is written, so that it must run in a transaction
 * to be undone: an update of a lead's status, whose move is checked against the status the row
 * has when the write takes it.
 */
export const checkedAsWritten = (plan: PlanNode): boolean => {
  let checked = false;
  eachNode(plan, (node) => {
    checked ||= node.intent === 'update' && changesStatus(node.entity, Object.keys(node.values));
  });
  return checked;
};

/**
 * How the rows of one statement are written: by whom, what comes back, what the server computes,
 * and the follow-ups (the trail's, then `follow`).
 */
function writeOptions(
  entity: EntityDescription,
  operation: 'create' | 'update',
  group: RowToWrite[],
  writer: Writer,
  also: string[],
  follow: FollowUp[],
): WriteOptions & { follow: FollowUp[] } {
  const computed = operation === 'create' ? assignedColumns(entity) : undefined;
  const names = new Set<string>();
  for (const row of group) for (const name in row.columns) names.add(name);
  const columns = [...names];
  const given: GivenFields = new Map(group.map((row) => [recordKeyText(entity, row.key), [...row.given]]));
  return {
    actor: writer.actor,
    also: changesStatus(entity, columns) ? [...also, 'processStatuses', 'reason'] : also,
    follow: [...followUpsOf(entity, operation, columns, writer.actor, given, [...(computed?.keys() ?? [])]), ...follow],
    computed,
  };
}

/**
 * Whether the plans only create records (and list new records in list relations of records they
 * create), with no record created under a guard: what executeAsOneStatement writes.
 */
export function createsOnly(plans: PlanNode[]): boolean {
  let only = true;
  for (const plan of plans)
    eachNode(plan, (node) => {
      only &&= node.intent !== 'update' && node.guard === undefined;
    });
  return only;
}

/** The SQLSTATE of write_plan_stale (migration write_plan_stale): a statement that found its plan stale. */
const staleState = 'CGW01';

const signalsStale = (error: unknown) => databaseErrorOf(error)?.sqlState === staleState;

/**
 * Writes plans that only create records (createsOnly) with one statement and no transaction: each
 * table's INSERT and its trail as CTEs, a record before those that point to it (foreign keys are
 * checked as the statement ends), then the list links and the outbox. The statement is atomic on
 * its own: when a table got fewer rows than planned (a key or a unique value is held by a record
 * the plans did not know of, ON CONFLICT DO NOTHING), its last part calls write_plan_stale, whose
 * error undoes all of it, and StalePlan tells the caller to plan again. Resolves with every record
 * written, by id, with its key and timestamps (the statement's own time, as each INSERT stamps it).
 */
export async function executeAsOneStatement(client: Transaction, plans: PlanNode[], writer: Writer, outbox?: string): Promise<Map<string, Returned>> {
  const rows = new Rows();
  for (const plan of plans) eachNode(plan, (node) => rows.add(node));
  const { values, bind } = parameters([]);
  const ctes: string[] = [];
  const complete: string[] = [];
  const written: [EntityDescription, RowToWrite[]][] = [];
  let outboxLeft = outbox;
  for (const name of writeOrder) {
    const created = [...(rows.created.get(name)?.values() ?? [])];
    if (created.length === 0) continue;
    const entity = entities[name];
    const cte = `w${written.length}`;
    const options = writeOptions(entity, 'create', created, writer, [], outboxLeft ? [outboxFollowUp(outboxLeft)] : []);
    outboxLeft = undefined;
    const insert = insertStatement(
      entity,
      created.map((row) => row.columns),
      options,
      bind,
    );
    ctes.push(writeCtes(cte, insert, options.follow, bind));
    // The count as a parameter: one text for every number of rows, prepared once (src/db.ts preparedWrite).
    complete.push(`(SELECT count(*) FROM ${cte}) = ${bind(created.length)}::bigint`);
    written.push([entity, created]);
  }
  [...rows.links.values()].forEach((links, index) => {
    if (links.pairs.length > 0) ctes.push(`l${index} AS (${linkStatement(joinTableOf(links.owner, links.relation), links.pairs, bind)})`);
  });
  if (outboxLeft) ctes.push(`outbox AS (${outboxInsert(bind(outboxLeft))})`);
  // Cast as the timestamp(3) columns store it, so the stamps answered are the stamps stored.
  const at = `(${now})::timestamp(3)`;
  const sql = `WITH ${ctes.join(', ')} SELECT CASE WHEN ${complete.join(' AND ') || 'TRUE'} THEN ${at} WHEN "write_plan_stale"() THEN NULL END AS "at"`;
  let stamped: Date;
  try {
    [{ at: stamped }] = await runWrite<{ at: Date }>(client, preparedWrite(sql), values);
  } catch (error) {
    if (signalsStale(error)) throw new StalePlan();
    throw error;
  }
  const stamps = new Map<string, Returned>();
  for (const [entity, created] of written) {
    for (const row of created) stamps.set(recordId(entity, row.key), { ...row.key, createdAt: stamped, updatedAt: stamped });
  }
  return stamps;
}

/**
 * Writes the plans of one caller (`writer`: its actor as the trail records it, writes/trail.ts, and
 * whether it may read what is stored, which a refusal must not tell otherwise); resolves
 * with every record written, by id (model/keys.ts): its key and timestamps, and for records of
 * `returned.entity` also the `returned.columns` (so that an answer that wants only columns of the
 * record needs no read after the write).
 */
export async function executePlans(
  tx: Transaction,
  plans: PlanNode[],
  writer: Writer,
  returned?: { entity: EntityName; columns: string[] },
  /** The plans' webhook events (writes/outbox.ts): the first statement that writes a row stores them too. */
  outbox?: string,
): Promise<Map<string, Returned>> {
  let outboxLeft = outbox;
  const takeOutbox = () => {
    const taken = outboxLeft;
    outboxLeft = undefined;
    return taken ? [outboxFollowUp(taken)] : [];
  };
  const rows = new Rows();
  for (const plan of plans) eachNode(plan, (node) => rows.add(node));
  await holdGuards(tx, plans);
  const stamps = new Map<string, Returned>();
  const expect = (entity: EntityDescription, written: Returned[], count: number) => {
    if (written.length !== count) throw new StalePlan();
    for (const row of written) stamps.set(recordId(entity, keyOf(entity, row)), row);
  };
  for (const name of writeOrder) {
    const entity = entities[name];
    const also = returned?.entity === name ? returned.columns : [];
    const options = (operation: 'create' | 'update', group: RowToWrite[]) => writeOptions(entity, operation, group, writer, also, takeOutbox());
    const created = [...(rows.created.get(name)?.values() ?? [])];
    if (created.length > 0) {
      const inserted = await insertNew(
        tx,
        entity,
        created.map((row) => row.columns),
        options('create', created),
      );
      expect(entity, inserted, created.length);
    }
    const updated = [...(rows.updated.get(name)?.values() ?? [])];
    const pathOf = (row: Returned) => updated.find((candidate) => recordId(entity, candidate.key) === recordId(entity, keyOf(entity, row)))?.path ?? 'input';
    const update = async (group: RowToWrite[], where?: Key) => {
      const written = await updateExisting(
        tx,
        entity,
        group.map((row) => row.columns),
        {
          where,
          append: group[0].append,
          before: beforeColumns(entity, Object.keys(group[0].columns)),
          guarded: guardedColumns(entity, Object.keys(group[0].columns)),
          ...options('update', group),
        },
      );
      expect(entity, written, group.length);
      checkMoves(entity, written, pathOf, mayReadStored(writer));
    };
    const rekeyed = updated.filter((row) => recordId(entity, row.key) !== recordId(entity, row.where));
    for (const group of bySameColumns(updated.filter((row) => !rekeyed.includes(row)))) await update(group);
    for (const row of rekeyed) await update([row], row.where);
  }
  for (const links of rows.links.values()) {
    await setLinks(tx, joinTableOf(links.owner, links.relation), links.pairs, [...links.replacing]);
  }
  // Only links were written: the events go on their own.
  if (outboxLeft) await tx.$executeRawUnsafe(outboxInsert('$1'), outboxLeft);
  return stamps;
}
