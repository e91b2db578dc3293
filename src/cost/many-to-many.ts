// The list relations that go through a join table (a lead's favorites, a vehicle's favoritedBy, a
// consumer's addresses), as "Type.field", read from the Prisma datamodel: both sides are lists.
import { getDatamodel } from '../generated/pothos-types.js';

export function manyToManyFields(): Set<string> {
  const { models } = getDatamodel().datamodel;
  const fields = new Set<string>();
  for (const [model, { fields: modelFields }] of Object.entries(models)) {
    for (const field of modelFields) {
      if (field.kind !== 'object' || !field.isList) continue;
      const other = models[field.type]?.fields.find((each) => each.relationName === field.relationName && each !== field);
      if (other?.isList) fields.add(`${model}.${field.name}`);
    }
  }
  return fields;
}
