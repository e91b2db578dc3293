// What a field costs: one, plus what it selects, once for each item it may give. Lists are where
// a small document asks for a large answer (a lead's favorites, each vehicle's favoritedBy, each of
// their favorites: 100 x 100 x 100 rows from a few lines), so every field that gives many records
// says how many from its arguments, and its selection counts that many times:
//
// - a list relation (`favorites(first:)`, `anonymousWebEvents(first:)`): `first`, or its default;
// - a connection (`leads(first:, last:)`, `Consumer.leads`): `first` or `last`, or the default page
//   size. Its whole selection counts per item (pageInfo and totalCount too: a few units per item
//   more than they cost, which keeps the estimator to graphql-query-complexity's signature);
// - a numbered page (`leadsPage(limit:)`): `limit`;
// - `nodes(ids:)`: the number of ids; a batch mutation (`createWebEvents(input:)`): the number of inputs;
// - a bulk mutation (`updateLeads(where:, limit:)`): `limit`.
//
// Each is clamped to the most the field serves, as its resolver clamps it.
//
// For a many-to-many list (through a join table: a lead's favorites, a vehicle's favoritedBy, a
// consumer's addresses) that is what it answers, not what it costs. plugin-prisma folds it into the
// parent's SQL as a lateral join whose sort key comes from the joined row, so PostgreSQL builds every
// linked row (all its columns, its own nested lists) before it sorts them and keeps `first`.
// Measured over 150 x 150 links on PostgreSQL 15: favorites(first: 1) { favoritedBy(first: 1) {
// favorites(first: 1) } } under one lead took 12 s; leads(first: 100) { favorites(first: 1) {
// favoritedBy(first: 1) } } 5 s. (A one-to-many list sorts on its own table's index and stops at
// `first`: measured in 0.2 ms.) So a many-to-many list counts at least LIST_SIZE_DEFAULT items, and
// LIST_SIZE_MAX when its items hold lists of their own: a guess at how many links a record has,
// since the data decides that, not the document.
import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';

export interface ListSizes {
  /** Connections: `first`/`last` when not given, and at most. */
  pageSize: { default: number; max: number };
  /** List relations: `first` when not given, and at most; also the most links a record is counted with. */
  listSize: { default: number; max: number };
}

type AnyField = GraphQLField<unknown, unknown>;

const isConnection = (field: AnyField) => {
  const named = getNamedType(field.type);
  return isObjectType(named) && 'edges' in named.getFields() && 'pageInfo' in named.getFields();
};

/** A list of records that `first` sizes (not a connection's own `edges`, not a list of text). */
const isListRelation = (field: AnyField) =>
  isListType(isNonNullType(field.type) ? field.type.ofType : field.type) && field.args.some((arg) => arg.name === 'first');

const givesMany = (field: AnyField) => isConnection(field) || isListRelation(field);

const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : undefined);

/** How many items the field may give, from its arguments; undefined for a field that gives one thing. */
export function itemsOf(field: AnyField, args: Record<string, unknown>, sizes: ListSizes): number | undefined {
  if (Array.isArray(args.ids)) return args.ids.length;
  if (Array.isArray(args.input)) return args.input.length;
  if (isConnection(field)) {
    const asked = [count(args.first), count(args.last)].filter((value) => value !== undefined);
    return Math.min(asked.length ? Math.max(...asked) : sizes.pageSize.default, sizes.pageSize.max);
  }
  if ('limit' in args && 'page' in args) return Math.min(count(args.limit) ?? 0, sizes.pageSize.max);
  // A bulk mutation (`updateLeads(where:, limit:)`): `limit`, as many records as it may change.
  if ('limit' in args && 'where' in args) return count(args.limit) ?? 0;
  if (isListRelation(field)) return Math.min(count(args.first) ?? sizes.listSize.default, sizes.listSize.max);
  return undefined;
}

/** Whether a selection reaches a field that gives many records, through fields that give one. */
function selectsMany(
  selectionSet: SelectionSetNode | undefined,
  type: GraphQLCompositeType,
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
): boolean {
  if (!selectionSet) return false;
  const fields = isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
  return selectionSet.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) {
      const field = fields[selection.name.value];
      if (!field) return false;
      const named = getNamedType(field.type);
      return givesMany(field) || (isCompositeType(named) && selectsMany(selection.selectionSet, named, schema, fragments));
    }
    const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
    const condition = fragment?.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
    return !!fragment && isCompositeType(condition) && selectsMany(fragment.selectionSet, condition, schema, fragments);
  });
}

export interface ListSizeEstimatorOptions {
  sizes: ListSizes;
  schema: GraphQLSchema;
  /** The list fields that go through a join table, as "Type.field" (many-to-many.ts). */
  manyToMany: Set<string>;
  /** The fragments of the document being estimated. */
  fragments: Map<string, FragmentDefinitionNode>;
}

// A connection's aggregates are one statement over the whole list, whatever its page size: they
// count once, not once per item of the page as the rest of its selection does.
const countedOnce = new Set(['aggregate', 'groupedAggregates']);

/** The fields directly in a selection, through its fragments. */
function directFields(selectionSet: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>): FieldNode[] {
  return (selectionSet?.selections ?? []).flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection];
    const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
    return directFields(fragment?.selectionSet, fragments);
  });
}

/** A field that gives many items: one, plus its selection once per item (see above). Others: see `fieldCost`. */
export function listSizeEstimator({ sizes, schema, fragments, manyToMany }: ListSizeEstimatorOptions): ComplexityEstimator {
  // The costs of this document's aggregate fields, by node: estimated before their connection is
  // (graphql-query-complexity estimates a selection before its field), and taken out of its per-item part.
  const onceCosts = new Map<FieldNode, number>();
  const once = (node: FieldNode, cost: number) => {
    onceCosts.set(node, cost);
    return cost;
  };
  return ({ type, field, node, args, childComplexity }) => {
    const aggregate = countedOnce.has(field.name) && isObjectType(type) && 'edges' in type.getFields();
    const asked = itemsOf(field, args, sizes);
    if (aggregate) return once(node, asked === undefined ? 1 + childComplexity : 1 + asked * (1 + childComplexity));
    if (asked === undefined) return undefined;
    const aggregates = isConnection(field) ? directFields(node.selectionSet, fragments).reduce((sum, child) => sum + (onceCosts.get(child) ?? 0), 0) : 0;
    if (aggregates > 0) return 1 + asked * (1 + childComplexity - aggregates) + aggregates;
    if (!manyToMany.has(`${type.name}.${field.name}`)) return 1 + asked * (1 + childComplexity);
    const named = getNamedType(field.type);
    const holdsLists = isCompositeType(named) && selectsMany(node.selectionSet, named, schema, fragments);
    return 1 + Math.max(asked, holdsLists ? sizes.listSize.max : sizes.listSize.default) * (1 + childComplexity);
  };
}

/** Any other field: one, plus its selection (graphql-query-complexity's simpleEstimator). */
export const fieldCost: ComplexityEstimator = ({ childComplexity }) => 1 + childComplexity;
