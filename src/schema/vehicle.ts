import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { listOptions, needsRead, referenceFields, scalarFields, typeDescription, keySelection } from './object-fields.js';

const entity = entities.Vehicle;

export const Vehicle = builder.prismaNode('Vehicle', {
  id: { field: 'vin' },
  select: keySelection(entity),
  description: typeDescription(entity),
  fields: (t) => ({
    ...scalarFields(t, entity),
    ...referenceFields(t, 'spec', 'Vehicle has Vehicle Spec'),
    favoritedBy: t.relation('favoritedBy', { ...needsRead, ...listOptions(t, 'Lead', 'Leads that favorite this vehicle') }),
  }),
});

registerEntityCrud(entity, Vehicle);
