import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { needsRead, readGuard, scalarFields } from './object-fields.js';

const entity = entities.SalesRep;

export const SalesRep = builder.prismaNode('SalesRep', {
  id: { field: 'id' },
  description: entity.description,
  fields: (t) => ({
    ...scalarFields(t, entity),
    agentId: t.exposeString('agentId', { nullable: true }),
    agent: t.relation('agent', {
      ...readGuard(entity, 'agent'), nullable: true, description: 'Contact is automated Agent' }),
    addressId: t.exposeString('addressId', { nullable: true }),
    address: t.relation('address', {
      ...readGuard(entity, 'address'), nullable: true, description: 'Contact has Address' }),
    creditBands: t.relation('creditBands', {
      ...readGuard(entity, 'creditBands'), description: 'Sales Rep accepts leads from Credit Band' }),
    templates: t.relation('templates', {
      ...readGuard(entity, 'templates'), description: 'Sales Rep uses Template' }),
    leads: t.relatedConnection('leads', {
      ...needsRead,
      cursor: 'id',
      totalCount: true,
      query: () => ({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      description: 'Leads assigned to this sales rep',
    }),
  }),
});

registerEntityCrud(entity, SalesRep as never);
