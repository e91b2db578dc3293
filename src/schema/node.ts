// `node(id)` and `nodes(ids)`, as plugin-relay makes them, but with one answer for every id that is
// not the nodeId of a record: `id: is not the nodeId of a record` (`ids.2: ...` in a list), 400.
// plugin-relay's own fields answered each kind differently, and the differences told what the id
// held or what the schema has: "SSN123456789 has not been implemented" repeated the type part of
// the id, "ApiKey does not support loading by id" said the type exists, "Invalid global ID" and a
// 404 for a record that does not exist told the rest apart. Here the type is checked against the
// node types before anything is loaded, and a failure to load that only says the id names no
// record (not found, an id the type cannot parse) becomes the same answer.
import { PothosValidationError } from '@pothos/core';
import { decodeGlobalID, resolveNodes } from '@pothos/plugin-relay';
import { isInterfaceType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { InputError, type Problem } from '../errors.js';
import { knownDatabaseError } from '../mask-error.js';

const notANodeId = (field: string): Problem => ({ field, message: 'is not the nodeId of a record' });

// The names of the types that implement Node, per schema. A Set: the name comes from the id.
const nodeTypesBySchema = new WeakMap<GraphQLSchema, ReadonlySet<string>>();

function nodeTypes(schema: GraphQLSchema): ReadonlySet<string> {
  let names = nodeTypesBySchema.get(schema);
  if (!names) {
    const node = schema.getType('Node');
    names = new Set(isInterfaceType(node) ? schema.getImplementations(node).objects.map((type) => type.name) : []);
    nodeTypesBySchema.set(schema, names);
  }
  return names;
}

/** The type and key an id stands for, when it is the nodeId of a node type. */
function decoded(id: string, schema: GraphQLSchema): { typename: string; id: string } | undefined {
  try {
    const global = decodeGlobalID(id);
    return nodeTypes(schema).has(global.typename) ? global : undefined;
  } catch {
    return undefined;
  }
}

/** A failure to load that says no more than that the id names no record. */
function namesNoRecord(error: unknown): boolean {
  if (error instanceof InputError || error instanceof PothosValidationError) return true; // a key the type cannot parse
  const code = knownDatabaseError(error)?.extensions.code;
  return code === 'NOT_FOUND' || code === 'BAD_USER_INPUT';
}

/** The records of `ids`, in order; bad input naming each one (`field(index)`) that is not the nodeId of a record. */
async function loadNodes(ids: readonly string[], field: (index: number) => string, context: Context, info: GraphQLResolveInfo): Promise<unknown[]> {
  const globals = ids.map((id) => decoded(id, info.schema));
  const known = globals.filter((global) => global !== undefined);
  // Before any database work.
  if (known.length < globals.length) throw new InputError(globals.flatMap((global, index) => (global ? [] : [notANodeId(field(index))])));
  const loaded = await Promise.allSettled(known.map(async (global) => (await resolveNodes(builder, context, info, [global]))[0]));
  const problems: Problem[] = [];
  const records = loaded.map((outcome, index) => {
    if (outcome.status === 'rejected' && !namesNoRecord(outcome.reason)) throw outcome.reason;
    if (outcome.status === 'rejected' || outcome.value == null) problems.push(notANodeId(field(index)));
    return outcome.status === 'fulfilled' ? outcome.value : null;
  });
  if (problems.length > 0) throw new InputError(problems);
  return records;
}

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Any record by its global nodeId',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, context, info) => (await loadNodes([String(id)], () => 'id', context, info))[0],
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: 'Records by their global nodeIds',
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, { ids }, context, info) => loadNodes(ids.map(String), (index) => `ids.${index}`, context, info),
  }),
}));
