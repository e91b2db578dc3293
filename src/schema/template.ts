import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { needsRead, scalarFields } from './object-fields.js';

const entity = entities.Template;

export const Template = builder.prismaNode('Template', {
  id: { field: 'id' },
  description: entity.description,
  fields: (t) => ({
    ...scalarFields(t, entity),
    salesReps: t.relation('salesReps', {
      ...needsRead, description: 'Sales reps who use this template' }),
  }),
});

registerEntityCrud(entity, Template as never);
