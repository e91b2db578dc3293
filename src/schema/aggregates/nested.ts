// `aggregate` and `groupedAggregates` on the nested connections (a consumer's leads, a sales
// rep's leads, an account's web events and events, a city's addresses, ...), as on the root ones:
// over every record of the connection (not only its page), with the same personal-data rules.
// The parents of one request's page are answered together: a DataLoader gathers them, and one
// statement (statement.ts runNestedAggregate) answers each parent through a LATERAL join, so a
// page of 50 consumers asking for their leads' numbers is one statement, not 50.
import DataLoader from 'dataloader';
import type { Context } from '../../context.js';
import { entities } from '../../model/entities.js';
import type { EntityDescription } from '../../model/entity.js';
import { quoted } from '../../writes/sql.js';
import { aggregateFieldsWith } from './fields.js';
import { runNestedAggregate, type AggregateRow, type AggregateSpec, type GroupTerm, type ParentLink } from './statement.js';

/** How the records of a nested connection hang off its parent, and what the connection itself keeps out. */
export interface NestedConnection<Parent> {
  /** The connection's records. */
  entity: EntityDescription;
  link: ParentLink;
  /** The parent's values `link.condition` reads as p.v0, p.v1, ... (from its key, which every object loads). */
  values: (parent: Parent) => unknown[];
  /** What the connection leaves out whatever is asked (the trash): a Prisma where, as a list's. */
  where: Record<string, unknown>;
}

/** The records of `entity` whose foreign key `relation` names the parent (a consumer's leads: Lead.consumer), outside the trash. */
export function byForeignKey(entity: EntityDescription, relation: string): NestedConnection<Record<string, unknown>> {
  const columns = entity.relations[relation]?.columns;
  if (!columns) throw new Error(`${entity.name}.${relation} is not a to-one relation with a foreign key`);
  const parent = entities[entity.relations[relation].target];
  return {
    entity,
    link: { types: columns.map(() => 'text'), condition: columns.map((column, index) => `t0.${quoted(column)} = p.v${index}`).join(' AND ') },
    values: (row) => parent.key.map((field) => row[field]),
    where: entity.trash ? { deletedAt: null } : {},
  };
}

type Loader = DataLoader<unknown[], AggregateRow[], string>;
// Per request (the context), per aggregate asked (connection, numbers, groups): the parents waiting for it.
const loadersByRequest = new WeakMap<Context, Map<string, Loader>>();

function loaderFor<Parent>(context: Context, nested: NestedConnection<Parent>, specs: AggregateSpec[], groupBy: GroupTerm[] = [], first?: number): Loader {
  let loaders = loadersByRequest.get(context);
  if (!loaders) {
    loaders = new Map();
    loadersByRequest.set(context, loaders);
  }
  const signature = JSON.stringify([nested.entity.name, nested.link.condition, specs, groupBy, first]);
  let loader = loaders.get(signature);
  if (!loader) {
    loader = new DataLoader((parents) => runNestedAggregate(nested.entity, nested.link, [...parents], nested.where, specs, groupBy, first), {
      cacheKeyFn: (values) => JSON.stringify(values),
    });
    loaders.set(signature, loader);
  }
  return loader;
}

type Types = typeof import('../../builder.js').builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The field builder of a nested connection's type, whose answer carries its `parent` (plugin-prisma's relatedConnection does). */
export type NestedConnectionFields<Parent> = PothosSchemaTypes.ObjectFieldBuilder<Types, { parent: Parent }>;

/** The aggregate fields of a nested connection. */
export function nestedAggregateFields<Parent>(connection: NestedConnectionFields<Parent>, nested: NestedConnection<Parent>) {
  return aggregateFieldsWith(connection, nested.entity, (source, context, specs, groupBy, first) =>
    loaderFor(context, nested, specs, groupBy, first).load(nested.values(source.parent)),
  );
}
