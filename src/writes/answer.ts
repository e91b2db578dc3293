// The answer to a caller without the `read` scope (writes/policy.ts): records built from its own
// plan, never read from the database, so it gets back keys and what it sent and nothing stored.
// A record it created or updated shows the values it gave (and the timestamps of its write); a
// record it only named is null where a to-one relation holds it (the foreign key says which) and
// its bare key inside a list. Every field of the type is present, so no resolver goes looking for
// a value in the database.
import { recordStamps, type EntityDescription } from '../model/entity.js';
import { entities } from '../model/entities.js';
import { fieldsOf } from '../model/entity-fields.js';
import type { Input } from './input.js';
import { recordId, type Key } from '../model/keys.js';
import type { PlanNode, PlannedLink } from './plan.js';
import type { Stamps } from './sql.js';

export type AnswerRow = Record<string, unknown>;

/** A record of which only the key is shown. */
export function keyOnly(entity: EntityDescription, key: Key): AnswerRow {
  const row: AnswerRow = {};
  for (const name of recordStamps) row[name] = null;
  const { scalars, relations } = fieldsOf(entity);
  for (const [name] of scalars) row[name] = null;
  for (const [name, relation] of relations) {
    row[name] = null;
    for (const column of relation.columns ?? []) row[column] = null;
  }
  return Object.assign(row, key);
}

const written = (link: PlannedLink) => !!link.node && link.node.intent !== 'reference';

/**
 * The answer row of a planned record. `depth` is how many relations deep the answer is read (REST's
 * depth): below it a related record is not built (null where a to-one relation holds it, its key
 * inside a list), since no field shows more of it. Without it, every record the plan wrote.
 */
export function answerOf(node: PlanNode, stamps: Map<string, Stamps>, depth = Number.POSITIVE_INFINITY): AnswerRow {
  const { entity } = node;
  const key = node.newKey ?? node.key;
  const row = Object.assign(keyOnly(entity, key), node.values as Input);
  for (const [name, link] of node.links) {
    const relation = entity.relations[name];
    const target = entities[relation.target];
    relation.columns!.forEach((column, position) => {
      row[column] = link.key?.[target.key[position]] ?? null;
    });
    row[name] = written(link) && depth > 0 ? answerOf(link.node!, stamps, depth - 1) : null;
  }
  for (const [name, items] of node.lists) {
    const target = entities[entity.relations[name].target];
    row[name] = items.map((item) =>
      !written(item) ? keyOnly(target, item.key!) : depth > 0 ? answerOf(item.node!, stamps, depth - 1) : { ...(item.node!.newKey ?? item.node!.key) },
    );
  }
  const stamp = stamps.get(recordId(entity, key));
  if (stamp) Object.assign(row, { updatedAt: stamp.updatedAt, ...(node.intent === 'create' && { createdAt: stamp.createdAt }) });
  return row;
}
