// Fields of the object types, from the entity descriptions: the key, every scalar of the seeds,
// the timestamps, and the options of relation fields.
//
// Only key fields are non-null. The answer to a write by a caller without the `read` scope holds
// the key and what it sent, nothing stored (writes/policy.ts), so any other field may be null
// there, even one the OpenAPI requires.
import type { EntityDescription } from '../model/entity.js';
import { personalFieldValue, shownProperties } from '../auth/personal-data.js';
import { config } from '../config.js';
import type { Context } from '../context.js';
import { InputError } from '../errors.js';
import { entities } from '../model/entities.js';
import type { EntityName } from '../model/entity.js';
import { DateTimeScalar, graphqlScalarOf } from './scalars.js';

type ExposeBuilder = {
  expose(name: string, options: object): unknown;
  field(options: object): unknown;
};

export const typeDescription = (entity: EntityDescription) =>
  `${entity.description} Fields other than the key are null in the answer to a write by a caller without the read scope, unless it sent them.`;

/**
 * What every object of the entity loads, whatever the query asks: its key, which the Relay id and
 * the personal-data checks read. Everything else is read only when a field asks for it
 * (plugin-prisma's select mode: an exposed field selects its own column), so a query reads the
 * columns it returns and never a personal column it did not ask for.
 */
export const keySelection = (entity: EntityDescription): Record<string, true> => Object.fromEntries(entity.key.map((field) => [field, true]));

export function scalarFields(t: ExposeBuilder, entity: EntityDescription): Record<string, never> {
  const fields: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(entity.scalars)) {
    const base = graphqlScalarOf(field.type);
    if (field.pii) {
      const style = field.pii;
      fields[name] = t.field({
        type: base,
        nullable: true,
        select: { [name]: true },
        description: `${field.description} (personal data: needs the pii:read scope, otherwise ${style === 'last4' ? 'masked to its last four characters' : 'null'})`,
        resolve: (parent: Record<string, unknown>, _args: unknown, context: Context) => personalFieldValue(context, entity, parent, name),
      });
      continue;
    }
    if (field.sensitiveInside) {
      fields[name] = t.field({
        type: base,
        nullable: true,
        select: { [name]: true },
        description: field.description,
        resolve: (parent: Record<string, unknown>, _args: unknown, context: Context) =>
          shownProperties(context, parent[name], { entity, row: parent, field: name }),
      });
      continue;
    }
    fields[name] = t.expose(name, {
      type: field.list ? [base] : base,
      nullable: !entity.key.includes(name),
      description: field.description,
    });
  }
  fields.createdAt = t.expose('createdAt', { type: DateTimeScalar, nullable: true, description: 'When the record was created' });
  fields.updatedAt = t.expose('updatedAt', { type: DateTimeScalar, nullable: true, description: 'When the record last changed' });
  if (entity.trash) {
    fields.deletedAt = t.expose('deletedAt', { type: DateTimeScalar, nullable: true, description: 'When the record was moved to the trash (null outside it)' });
  }
  fields.createdBy = t.expose('createdBy', { type: 'String', nullable: true, description: 'The name of the API key that created the record, or "public"' });
  fields.updatedBy = t.expose('updatedBy', {
    type: 'String',
    nullable: true,
    description: 'The name of the API key that last changed the record, or "public"',
  });
  return fields as Record<string, never>;
}

type ReferenceBuilder = {
  exposeString(name: string, options: object): unknown;
  relation(name: string, options: object): unknown;
};

/**
 * A to-one relation and the column of its foreign key (`<relation>Id`), both null when it names
 * nothing (or, for a soft reference, until the record it names exists).
 */
export function referenceFields(t: ReferenceBuilder, relation: string, description: string, idDescription?: string): Record<string, never> {
  const column = `${relation}Id`;
  return {
    [column]: t.exposeString(column, idDescription === undefined ? { nullable: true } : { nullable: true, description: idDescription }),
    [relation]: t.relation(relation, { nullable: true, description }),
  } as Record<string, never>;
}

/** How many items a list relation gives when `first` is not said, and at most. */
export const listSize = config.listSize;

const listDescription = `At most \`first\` items (default ${listSize.default}, at most ${listSize.max}), in key order`;

/** The page of a list relation `first` asks for: the default when absent, the maximum at most. */
export function listPageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return listSize.default;
  if (first < 0) throw new InputError([{ field: 'first', message: 'must be 0 or more' }]);
  return Math.min(first, listSize.max);
}

type ArgBuilder = { arg: { int(options: object): unknown } };

/**
 * Options of a list relation: a `first` argument, so no list is longer than a page (a vehicle
 * favorited by ten thousand leads gives a page of them), in the target's key order.
 */
export function listOptions(t: ArgBuilder, target: EntityName, description: string) {
  const order = entities[target].key.map((field) => ({ [field]: 'asc' as const }));
  return {
    nullable: true,
    description: `${description}. ${listDescription}`,
    args: { first: t.arg.int({ description: `How many items, at most ${listSize.max}` }) },
    query: (args: { first?: number | null }) => ({ take: listPageSize(args.first), orderBy: order, ...outsideTrash(target) }),
  } as object;
}

/**
 * What keeps the records in the trash out of a list of related records (a rep's leads, a vehicle's
 * favoritedBy), as out of the root lists; a to-one reference still resolves to a trashed record.
 */
export const outsideTrash = (target: EntityName) => (entities[target].trash ? { where: { deletedAt: null } } : {});

/**
 * For a relation the other way round (a consumer's leads): only for callers with `read`. Others
 * meet it only in the answer to their own write, where it is null.
 */
export const needsRead = { authScopes: { read: true }, unauthorizedResolver: () => null, nullable: true } as object;

/** The scopes a write of the entity needs when they are not `write` (event definitions: `admin`). */
export const manageScopes = (entity: EntityDescription) =>
  entity.manageScope ? ({ skipTypeScopes: true, authScopes: { [entity.manageScope]: true } } as const) : {};
