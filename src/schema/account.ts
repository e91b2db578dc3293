import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { scalarFields } from './object-fields.js';

const entity = entities.Account;

export const Account = builder.prismaNode('Account', {
  id: { field: 'id' },
  description: entity.description,
  fields: (t) => ({
    ...scalarFields(t, entity),
    consumerId: t.exposeString('consumerId', {
      nullable: true,
      description: 'The id of the consumer, whether or not that consumer exists yet',
    }),
    consumer: t.relation('consumer', { nullable: true, description: 'Consumer logs into Account (null until it exists)' }),
    leadId: t.exposeString('leadId', {
      nullable: true,
      description: 'The id of the lead, whether or not that lead exists yet',
    }),
    lead: t.relation('lead', { nullable: true, description: 'Lead logs into Account (null until it exists)' }),
    webEvents: t.relatedConnection('webEvents', {
      cursor: 'id',
      totalCount: true,
      query: () => ({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      description: 'Web events created by this account',
    }),
  }),
});

registerEntityCrud(entity, Account as never);
