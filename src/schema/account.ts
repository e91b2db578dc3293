import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { listPageSize, listSize, needsRead, scalarFields, typeDescription, keySelection } from './object-fields.js';
import { WebEvent } from './web-event.js';

const entity = entities.Account;

export const Account = builder.prismaNode('Account', {
  id: { field: 'id' },
  select: keySelection(entity),
  description: typeDescription(entity),
  fields: (t) => ({
    ...scalarFields(t, entity),
    consumerId: t.exposeString('consumerId', {
      nullable: true,
      description: 'The id of the consumer, whether or not that consumer exists yet',
    }),
    consumer: t.relation('consumer', {
      nullable: true,
      description: 'Consumer logs into Account (null until it exists)',
    }),
    leadId: t.exposeString('leadId', {
      nullable: true,
      description: 'The id of the lead, whether or not that lead exists yet',
    }),
    lead: t.relation('lead', {
      nullable: true,
      description: 'Lead logs into Account (null until it exists)',
    }),
    webEvents: t.relatedConnection('webEvents', {
      ...needsRead,
      cursor: 'id',
      totalCount: true,
      query: () => ({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      description: 'Web events created by this account',
    }),
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

registerEntityCrud(entity, Account as never);
