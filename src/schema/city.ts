import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { scalarFields } from './object-fields.js';

const entity = entities.City;

export const City = builder.prismaNode('City', {
  id: { field: 'stateCode_name' },
  description: entity.description,
  fields: (t) => ({
    ...scalarFields(t, entity),
    stateCode: t.exposeString('stateCode', { description: 'City is uniquely identified by State (its code)' }),
    state: t.relation('state', { description: 'City is uniquely identified by State' }),
    addresses: t.relatedConnection('addresses', {
      cursor: 'id',
      totalCount: true,
      query: () => ({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      description: 'Addresses in this city',
    }),
  }),
});

registerEntityCrud(entity, City as never);
