import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { needsRead, readGuard, scalarFields } from './object-fields.js';

const entity = entities.Lead;

export const Lead = builder.prismaNode('Lead', {
  id: { field: 'id' },
  description: entity.description,
  fields: (t) => ({
    ...scalarFields(t, entity),
    phone: t.exposeString('phoneNumber', { description: 'The CRM lead body\'s name for phoneNumber' }),
    salesRepId: t.exposeString('salesRepId', { nullable: true }),
    salesRep: t.relation('salesRep', {
      ...readGuard(entity, 'salesRep'), nullable: true, description: 'Sales Rep is assigned to Lead' }),
    consumerId: t.exposeString('consumerId', { nullable: true }),
    consumer: t.relation('consumer', {
      ...readGuard(entity, 'consumer'), nullable: true, description: 'Lead participates in transactions as Consumer' }),
    favorites: t.relation('favorites', {
      ...readGuard(entity, 'favorites'), description: 'Lead favorites Vehicle' }),
    accounts: t.relation('accounts', {
      ...needsRead, description: 'Accounts that log in as this lead' }),
  }),
});

registerEntityCrud(entity, Lead as never);
