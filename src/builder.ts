// The Pothos schema builder and its plugins. It defines no types itself.
import SchemaBuilder, { type InputFieldRef } from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { config } from './config.js';
import type { Context } from './context.js';
import { prisma } from './db.js';
import type PrismaTypes from './generated/pothos-types.js';
import { getDatamodel } from './generated/pothos-types.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Date: { Input: string; Output: Date };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  prisma: {
    client: prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    defaultConnectionSize: config.pageSize.default,
    maxConnectionSize: config.pageSize.max,
    // A selection that was loaded but never used means a resolver forgot to spread `query`.
    onUnusedQuery: config.production ? null : 'warn',
  },
  relay: {
    // Entities keep their own `id` (wev_..., a VIN, a state code); the Relay global id is `nodeId`,
    // as in PostGraphile.
    idFieldName: 'nodeId',
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: { description: 'Any record by its global nodeId' },
    nodesQueryOptions: { description: 'Records by their global nodeIds' },
  },
});

builder.queryType({});
builder.mutationType({});

/** An input field of any type, for inputs assembled from entity descriptions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyInputField = InputFieldRef<any, unknown>;
