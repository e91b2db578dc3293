import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { byForeignKey, nestedAggregateFields } from './aggregates/nested.js';
import { needsRead, scalarFields, typeDescription, keySelection } from './object-fields.js';

const entity = entities.State;

export const State = builder.prismaNode('State', {
  id: { field: 'code' },
  select: keySelection(entity),
  description: typeDescription(entity),
  fields: (t) => ({
    ...scalarFields(t, entity),
    cities: t.relatedConnection(
      'cities',
      {
        ...needsRead,
        cursor: 'stateCode_name',
        totalCount: true,
        query: () => ({ orderBy: [{ name: 'asc' }] }),
        description: 'Cities in this state',
      },
      { fields: (connection) => nestedAggregateFields(connection, byForeignKey(entities.City, 'state')) },
    ),
  }),
});

registerEntityCrud(entity, State);
