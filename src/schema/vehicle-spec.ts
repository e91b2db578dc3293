import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { nestedConnection } from './nested-connection.js';
import { scalarFields, typeDescription, keySelection } from './object-fields.js';

const entity = entities.VehicleSpec;

export const VehicleSpec = builder.prismaNode('VehicleSpec', {
  id: { field: 'id' },
  select: keySelection(entity),
  description: typeDescription(entity),
  fields: (t) => ({
    ...scalarFields(t, entity),
    vehicles: t.relatedConnection('vehicles', ...nestedConnection('Vehicle', 'spec', 'vin', 'Vehicles built to this spec')),
  }),
});

registerEntityCrud(entity, VehicleSpec);
