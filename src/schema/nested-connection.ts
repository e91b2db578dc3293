// The connections from a record to the records whose foreign key names it (a consumer's leads, a
// city's addresses, an account's web events, a spec's vehicles): one shape for all of them.
import type PrismaTypes from '../generated/pothos-types.js';
import { entities } from '../model/entities.js';
import type { EntityName } from '../model/entity.js';
import { byForeignKey, nestedAggregateFields, type NestedConnectionFields } from './aggregates/nested.js';
import { needsRead, outsideTrash } from './object-fields.js';

/**
 * The options of `t.relatedConnection(field, ...)` listing the records of `target` whose relation
 * `parent` names the parent: oldest first (then by `cursor`, the key), outside the trash, for
 * callers with `read`, with the connection's aggregates over all of them.
 */
export function nestedConnection<Target extends EntityName & keyof PrismaTypes, Cursor extends string>(
  target: Target,
  parent: string,
  cursor: Cursor,
  description: string,
) {
  return [
    {
      ...needsRead,
      cursor,
      totalCount: true,
      query: () => ({
        // The key's name and the trash filter follow the target's description, which the types do not see.
        orderBy: [{ createdAt: 'asc' }, { [cursor]: 'asc' }] as PrismaTypes[Target]['OrderBy'][],
        ...(outsideTrash(target) as { where?: PrismaTypes[Target]['Where'] }),
      }),
      description,
    },
    { fields: (connection: NestedConnectionFields<Record<string, unknown>>) => nestedAggregateFields(connection, byForeignKey(entities[target], parent)) },
  ] as const;
}
