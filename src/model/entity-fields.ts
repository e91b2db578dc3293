// The field lists of an entity description, made once per description rather than at each use:
// the write path walks them for every record it reads, plans, validates, writes and answers, and
// an Object.entries or a new Set per record and per walk was a tenth of what a single-post ingest
// allocated (README Performance, "what bounds single-post ingest"). Descriptions are frozen
// (model/entities.ts), so what is made once stays true.
import type { EntityDescription, RelationField, ScalarField } from './entity.js';

export interface EntityFields {
  scalars: readonly (readonly [string, ScalarField])[];
  relations: readonly (readonly [string, RelationField])[];
  /** `aliases` as [alias, canonical name] pairs; none for most entities. */
  aliases: readonly (readonly [string, string])[];
  /** The key fields, then the other scalars, each once: the order answers and documents list fields in. */
  names: readonly string[];
}

const made = new WeakMap<EntityDescription, EntityFields>();

export function fieldsOf(entity: EntityDescription): EntityFields {
  let fields = made.get(entity);
  if (!fields) {
    fields = Object.freeze({
      scalars: Object.freeze(Object.entries(entity.scalars)),
      relations: Object.freeze(Object.entries(entity.relations)),
      aliases: Object.freeze(Object.entries(entity.aliases ?? {})),
      names: Object.freeze([...new Set([...entity.key, ...Object.keys(entity.scalars)])]),
    });
    made.set(entity, fields);
  }
  return fields;
}
