import { builder } from '../builder.js';
import { config } from '../config.js';
import { reader } from '../db.js';
import type { Prisma } from '../generated/prisma/client.js';
import { entities } from '../model/entities.js';
import { keysetConnection } from './keyset-connection.js';
import { registerEntityCrud } from './crud.js';
import { nestedAggregateFields, type NestedConnection } from './aggregates/nested.js';
import { nestedConnection } from './nested-connection.js';
import { listPageSize, listSize, needsRead, referenceFields, scalarFields, typeDescription, keySelection } from './object-fields.js';
import { WebEvent } from './web-event.js';

const entity = entities.Account;

// An account's events: those it made (accountId) and those made under its anonymous ids, as `events` lists them.
const accountEvents: NestedConnection<{ id: string }> = {
  entity: entities.WebEvent,
  link: {
    types: ['text'],
    condition: `t0."accountId" = p.v0 OR t0."anonymousId" IN (SELECT unnest(a."anonymousIds") FROM "Account" a WHERE a."id" = p.v0)`,
  },
  values: (account) => [account.id],
  where: {},
};

export const Account = builder.prismaNode('Account', {
  id: { field: 'id' },
  select: keySelection(entity),
  description: typeDescription(entity),
  fields: (t) => ({
    ...scalarFields(t, entity),
    ...referenceFields(t, 'consumer', 'Consumer logs into Account (null until it exists)', 'The id of the consumer, whether or not that consumer exists yet'),
    ...referenceFields(t, 'lead', 'Lead logs into Account (null until it exists)', 'The id of the lead, whether or not that lead exists yet'),
    webEvents: t.relatedConnection('webEvents', ...nestedConnection('WebEvent', 'account', 'id', 'Web events created by this account')),
    events: t.connection(
      {
        ...needsRead,
        type: WebEvent,
        select: { id: true, anonymousIds: true },
        description:
          'Every event of the account, newest first by event time: those it made logged in (accountId) and those made under its anonymous ids before (the visitor it was), without a cap, a page at a time',
        resolve: async (account, args, context, info) =>
          ({
            parent: account,
            ...(await keysetConnection({
              entity: entities.WebEvent,
              args,
              where: { OR: [{ accountId: account.id }, { anonymousId: { in: account.anonymousIds } }] },
              order: [{ eventTime: 'desc' }, { id: 'desc' }],
              context,
              info,
              defaultSize: config.pageSize.default,
              maxSize: config.pageSize.max,
              findMany: (query) => reader().webEvent.findMany(query as Prisma.WebEventFindManyArgs),
              count: (where) => reader().webEvent.count({ where: where as Prisma.WebEventWhereInput }),
            })),
          }) as never,
      },
      {
        fields: (connection) => ({
          totalCount: connection.int({
            description: 'How many events the account has, on every page',
            resolve: (page) => (page as unknown as { totalCount: () => Promise<number> }).totalCount(),
          }),
          ...nestedAggregateFields(connection as never, accountEvents),
        }),
      },
    ),
    anonymousWebEvents: t.field({
      ...needsRead,
      type: [WebEvent],
      select: { anonymousIds: true },
      description: `Web events made under the account's anonymous ids (its visitor history). At most \`first\` events (default ${listSize.default}, at most ${listSize.max}), newest first across all its anonymous ids`,
      args: { first: t.arg.int({ description: `How many events, at most ${listSize.max}` }) },
      resolve: (account, args, context) => context.loaders.webEventsByAnonymousIds(listPageSize(args.first)).load(account.anonymousIds),
    }),
  }),
});

registerEntityCrud(entity, Account);
