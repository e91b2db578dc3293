import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { listOptions, needsRead, scalarFields, typeDescription, keySelection } from './object-fields.js';

const entity = entities.Consumer;

export const Consumer = builder.prismaNode('Consumer', {
  id: { field: 'id' },
  select: keySelection(entity),
  description: typeDescription(entity),
  fields: (t) => ({
    ...scalarFields(t, entity),
    addresses: t.relation('addresses', listOptions(t, 'Address', 'Customer is located at Addresses')),
    accounts: t.relation('accounts', { ...needsRead, ...listOptions(t, 'Account', 'Accounts this consumer logs into') }),
    leads: t.relatedConnection('leads', {
      ...needsRead,
      cursor: 'id',
      totalCount: true,
      query: () => ({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      description: 'Leads in which this consumer participates',
    }),
  }),
});

registerEntityCrud(entity, Consumer as never);
