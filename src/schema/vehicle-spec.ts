import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { byForeignKey, nestedAggregateFields } from './aggregates/nested.js';
import { needsRead, scalarFields, typeDescription, keySelection } from './object-fields.js';

const entity = entities.VehicleSpec;

export const VehicleSpec = builder.prismaNode('VehicleSpec', {
  id: { field: 'id' },
  select: keySelection(entity),
  description: typeDescription(entity),
  fields: (t) => ({
    ...scalarFields(t, entity),
    vehicles: t.relatedConnection(
      'vehicles',
      {
        ...needsRead,
        cursor: 'vin',
        totalCount: true,
        query: () => ({ orderBy: [{ createdAt: 'asc' }, { vin: 'asc' }] }),
        description: 'Vehicles built to this spec',
      },
      { fields: (connection) => nestedAggregateFields(connection, byForeignKey(entities.Vehicle, 'spec')) },
    ),
  }),
});

registerEntityCrud(entity, VehicleSpec as never);
