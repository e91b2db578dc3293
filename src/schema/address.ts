import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { needsRead, readGuard, scalarFields } from './object-fields.js';

const entity = entities.Address;

export const Address = builder.prismaNode('Address', {
  id: { field: 'id' },
  description: entity.description,
  fields: (t) => ({
    ...scalarFields(t, entity),
    cityStateCode: t.exposeString('cityStateCode', { description: 'The state code of the city' }),
    cityName: t.exposeString('cityName', { description: 'The name of the city' }),
    city: t.relation('city', {
      ...readGuard(entity, 'city'), description: 'Address is located in City' }),
    consumers: t.relation('consumers', {
      ...needsRead, description: 'Consumers located at this address' }),
    salesReps: t.relation('salesReps', {
      ...needsRead, description: 'Sales reps at this address' }),
  }),
});

registerEntityCrud(entity, Address as never);
