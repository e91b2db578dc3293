import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { nestedConnection } from './nested-connection.js';
import { listOptions, referenceFields, scalarFields, typeDescription, keySelection } from './object-fields.js';

const entity = entities.SalesRep;

export const SalesRep = builder.prismaNode('SalesRep', {
  id: { field: 'id' },
  select: keySelection(entity),
  description: typeDescription(entity),
  fields: (t) => ({
    ...scalarFields(t, entity),
    ...referenceFields(t, 'agent', 'Contact is automated Agent'),
    ...referenceFields(t, 'address', 'Contact has Address'),
    creditBands: t.relation('creditBands', listOptions(t, 'CreditBand', 'Sales Rep accepts leads from Credit Band')),
    templates: t.relation('templates', listOptions(t, 'Template', 'Sales Rep uses Template')),
    leads: t.relatedConnection('leads', ...nestedConnection('Lead', 'salesRep', 'id', 'Leads assigned to this sales rep')),
  }),
});

registerEntityCrud(entity, SalesRep);
