import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { needsRead, scalarFields } from './object-fields.js';

const entity = entities.Agent;

export const Agent = builder.prismaNode('Agent', {
  id: { field: 'id' },
  description: entity.description,
  fields: (t) => ({
    ...scalarFields(t, entity),
    salesReps: t.relation('salesReps', {
      ...needsRead, description: 'Sales reps this agent acts as' }),
  }),
});

registerEntityCrud(entity, Agent as never);
