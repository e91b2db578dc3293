// The GraphQL selection that serves a REST document at a given depth: every field of the entity,
// the key columns of each relation, and the related records themselves while depth remains. One
// nested query answers it, so the SQL it costs is bounded by the depth, not by the rows.
import { recordAuthors, recordStamps, type EntityDescription } from '../model/entity.js';
import { entities } from '../model/entities.js';

const keySelection = (entity: EntityDescription) => entity.key.join(' ');

/**
 * Who wrote a record comes with the document asked for, not with the related records it holds:
 * two more fields on every nested record would take the deepest documents over the cost limit.
 */
export function selectionFor(entity: EntityDescription, depth: number, top = true): string {
  const stamps = top ? recordStamps : recordStamps.filter((name) => !(recordAuthors as readonly string[]).includes(name));
  const fields: string[] = [...new Set([...entity.key, ...Object.keys(entity.scalars)]), ...stamps, ...(entity.trash ? ['deletedAt'] : [])];
  for (const [name, relation] of Object.entries(entity.relations)) {
    const target = entities[relation.target];
    if (relation.list) {
      fields.push(`${name} { ${depth > 0 ? selectionFor(target, depth - 1, false) : keySelection(target)} }`);
    } else {
      fields.push(...relation.columns!);
      if (depth > 0) fields.push(`${name} { ${selectionFor(target, depth - 1, false)} }`);
    }
  }
  return fields.join(' ');
}
