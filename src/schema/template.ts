import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { listOptions, needsRead, scalarFields, typeDescription, keySelection } from './object-fields.js';

const entity = entities.Template;

export const Template = builder.prismaNode('Template', {
  id: { field: 'id' },
  select: keySelection(entity),
  description: typeDescription(entity),
  fields: (t) => ({
    ...scalarFields(t, entity),
    salesReps: t.relation('salesReps', { ...needsRead, ...listOptions(t, 'SalesRep', 'Sales reps who use this template') }),
  }),
});

registerEntityCrud(entity, Template);
