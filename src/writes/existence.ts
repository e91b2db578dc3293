// Which of the records a write names exist already: every key in every input of a write, found
// in one SQL statement (one branch per table), before planning. What exists decides whether a
// nested object creates, updates or only refers to a record; the write itself then checks, in the
// database, that nothing changed in between (writes/execute.ts).
import type { EntityDescription, EntityName } from '../model/entity.js';
import { entities } from '../model/entities.js';
import { keyProblem } from '../model/validate.js';
import { isCompleteKey, recordId, type Key } from '../model/keys.js';
import { closedToWork } from './assignment.js';
import { quoted, type Transaction } from './sql.js';

/** The ids (model/keys.ts recordId) of records that exist, of those the ones in the trash, and those that take no new work (writes/assignment.ts). */
export interface Existing {
  ids: Set<string>;
  trashed: Set<string>;
  closed?: Set<string>;
}

export class KeysNamed {
  private readonly byEntity = new Map<EntityName, Map<string, Key>>();

  add(entity: EntityDescription, key: Partial<Key>): void {
    // A key that cannot be one is the planner's to report, not the database's to choke on.
    if (!isCompleteKey(entity, key) || Object.values(key).some(keyProblem)) return;
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
        `SELECT '${entity.name}' AS entity, ${first} AS k1, ${second ?? 'NULL::text'} AS k2, ${trashed} AS trashed, ${closedToWork(entity)} AS closed
         FROM ${quoted(entity.name)} WHERE ${condition}`,
      );
    }
    const found: Existing = { ids: new Set(), trashed: new Set(), closed: new Set() };
    if (branches.length === 0) return found;
    const rows = await client.$queryRawUnsafe<{ entity: EntityName; k1: string; k2: string | null; trashed: boolean; closed: boolean }[]>(
      branches.join(' UNION ALL '),
      ...parameters,
    );
    for (const row of rows) {
      const entity = entities[row.entity];
      const id = recordId(entity, Object.fromEntries(entity.key.map((field, index) => [field, index === 0 ? row.k1 : row.k2!])));
      found.ids.add(id);
      if (row.trashed) found.trashed.add(id);
      if (row.closed) found.closed!.add(id);
    }
    return found;
  }
}
