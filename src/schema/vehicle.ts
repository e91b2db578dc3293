import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { needsRead, readGuard, scalarFields } from './object-fields.js';

const entity = entities.Vehicle;

export const Vehicle = builder.prismaNode('Vehicle', {
  id: { field: 'vin' },
  description: entity.description,
  fields: (t) => ({
    ...scalarFields(t, entity),
    specId: t.exposeString('specId', { nullable: true }),
    spec: t.relation('spec', {
      ...readGuard(entity, 'spec'), nullable: true, description: 'Vehicle has Vehicle Spec' }),
    favoritedBy: t.relation('favoritedBy', {
      ...needsRead, description: 'Leads that favorite this vehicle' }),
  }),
});

registerEntityCrud(entity, Vehicle as never);
