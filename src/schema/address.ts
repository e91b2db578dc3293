import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { listOptions, needsRead, scalarFields, typeDescription, keySelection } from './object-fields.js';

const entity = entities.Address;

export const Address = builder.prismaNode('Address', {
  id: { field: 'id' },
  select: keySelection(entity),
  description: typeDescription(entity),
  fields: (t) => ({
    ...scalarFields(t, entity),
    cityStateCode: t.exposeString('cityStateCode', { nullable: true, description: 'The state code of the city' }),
    cityName: t.exposeString('cityName', { nullable: true, description: 'The name of the city' }),
    city: t.relation('city', { nullable: true, description: 'Address is located in City' }),
    consumers: t.relation('consumers', { ...needsRead, ...listOptions(t, 'Consumer', 'Consumers located at this address') }),
    salesReps: t.relation('salesReps', { ...needsRead, ...listOptions(t, 'SalesRep', 'Sales reps at this address') }),
  }),
});

registerEntityCrud(entity, Address);
