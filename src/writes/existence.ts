// Which of the records a write names exist already: every key in every input of a write, found
// in one SQL statement (one branch per table), before planning. What exists decides whether a
// nested object creates, updates or only refers to a record; the write itself then checks, in the
// database, that nothing changed in between (writes/execute.ts).
import type { EntityDescription, EntityName, StoredRecord } from '../model/entity.js';
import { plainProperties, sealedProperties } from '../auth/personal-data.js';
import { entities } from '../model/entities.js';
import { keyFieldProblem } from '../model/validate.js';
import { isCompleteKey, recordId, type Key } from '../model/keys.js';
import { prisma } from '../db.js';
import { matchOf } from '../model/identifiers.js';
import type { PlanNode } from './plan.js';
import { workStateColumns, type WorkState } from './assignment.js';
import { quoted, type Transaction } from './sql.js';

/** The ids (model/keys.ts recordId) of records that exist, of those the ones in the trash, and the flags of those closed to new work (writes/assignment.ts). */
export interface Existing {
  ids: Set<string>;
  trashed: Set<string>;
  workState?: Map<string, WorkState>;
}

export class KeysNamed {
  private readonly byEntity = new Map<EntityName, Map<string, Key>>();

  add(entity: EntityDescription, key: Partial<Key>): void {
    // A key that cannot be one is the planner's to report, not the database's to choke on.
    if (!isCompleteKey(entity, key) || Object.entries(key).some(([field, value]) => keyFieldProblem(entity, field, value))) return;
    const keys = this.byEntity.get(entity.name) ?? new Map<string, Key>();
    this.byEntity.set(entity.name, keys);
    keys.set(recordId(entity, key), key);
  }

  /** The named records that exist. */
  async existing(client: Transaction): Promise<Existing> {
    const parameters: unknown[] = [];
    const branches: string[] = [];
    for (const [name, keys] of this.byEntity) {
      const entity = entities[name];
      // One text[] parameter per key column; a City's two are read back in pairs with unnest.
      const placeholders = entity.key.map((field) => {
        parameters.push([...keys.values()].map((key) => key[field]));
        return `$${parameters.length}::text[]`;
      });
      const [first, second] = entity.key.map(quoted);
      const condition = second ? `(${first}, ${second}) IN (SELECT * FROM unnest(${placeholders.join(', ')}))` : `${first} = ANY(${placeholders[0]})`;
      const trashed = entity.trash ? '"deletedAt" IS NOT NULL' : 'false';
      branches.push(
        `SELECT '${entity.name}' AS entity, ${first} AS k1, ${second ?? 'NULL::text'} AS k2, ${trashed} AS trashed, ${workStateColumns(entity)}
         FROM ${quoted(entity.name)} WHERE ${condition}`,
      );
    }
    const found: Existing = { ids: new Set(), trashed: new Set(), workState: new Map() };
    if (branches.length === 0) return found;
    const rows = await client.$queryRawUnsafe<({ entity: EntityName; k1: string; k2: string | null; trashed: boolean } & WorkState)[]>(
      branches.join(' UNION ALL '),
      ...parameters,
    );
    for (const row of rows) {
      const entity = entities[row.entity];
      const id = recordId(entity, Object.fromEntries(entity.key.map((field, index) => [field, index === 0 ? row.k1 : row.k2!])));
      found.ids.add(id);
      if (row.trashed) found.trashed.add(id);
      if (row.notAccepting || row.paused) found.workState!.set(id, { notAccepting: row.notAccepting, paused: row.paused });
    }
    return found;
  }
}

/** Stored web events whose unique key (`dedupeKey`, by their definition) one of the plans' web events has. */
export async function storedByUniqueKey(plans: PlanNode[]): Promise<Map<string, Key>> {
  const uniqueKeys = plans.flatMap((plan) => (plan.uniqueKey ? [plan.uniqueKey] : []));
  if (uniqueKeys.length === 0) return new Map();
  const rows = await prisma.webEvent.findMany({ where: { dedupeKey: { in: uniqueKeys } }, select: { id: true, dedupeKey: true } });
  return new Map(rows.map((row) => [row.dedupeKey!, { id: row.id }]));
}

/** The consumers identifiers name, by match id (model/identifiers.ts matchOf), and which of those are in the trash. */
export interface Matched {
  holders: Map<string, Key>;
  inTrash: Set<string>;
}

/**
 * The consumers the matches name (model/identifiers.ts matchOf), by match id: for each identifier
 * the first created consumer holding it, as consumerByIdentifier answers, in the trash or not (one
 * there holds it until erased). One statement.
 */
export async function consumersMatched(matches: unknown[]): Promise<Matched> {
  const matched: Matched = { holders: new Map(), inTrash: new Set() };
  const wanted = matches.flatMap((match) => matchOf(match) ?? []);
  if (wanted.length === 0) return matched;
  const values = (column: string) => wanted.filter((match) => match.column === column).map((match) => match.value);
  const rows = await prisma.consumer.findMany({
    where: { OR: [{ emailKey: { in: values('emailKey') } }, { phoneKey: { in: values('phoneKey') } }, { externalId: { in: values('externalId') } }] },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, emailKey: true, phoneKey: true, externalId: true, deletedAt: true },
  });
  for (const match of wanted) {
    const row = rows.find((candidate) => candidate[match.column] === match.value);
    if (!row) continue;
    matched.holders.set(match.id, { id: row.id });
    if (row.deletedAt) matched.inTrash.add(match.id);
  }
  return matched;
}

/** The stored web events that updates change, with their sensitive properties decrypted: what their definition's rules apply to. */
export async function storedEvents(keys: Key[]): Promise<Map<string, StoredRecord>> {
  if (keys.length === 0) return new Map();
  const rows = await prisma.webEvent.findMany({
    where: { id: { in: keys.map((key) => key.id) } },
    select: { id: true, name: true, properties: true, customerIdentifier: true, accountId: true, anonymousId: true },
  });
  return new Map(
    rows.map(({ id, properties, ...row }) => [
      recordId(entities.WebEvent, { id }),
      { ...row, properties: plainProperties(properties), sealed: sealedProperties(properties) },
    ]),
  );
}
