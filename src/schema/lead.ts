import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { listOptions, needsRead, scalarFields, typeDescription, keySelection } from './object-fields.js';

const entity = entities.Lead;

export const Lead = builder.prismaNode('Lead', {
  id: { field: 'id' },
  select: keySelection(entity),
  description: typeDescription(entity),
  fields: (t) => ({
    ...scalarFields(t, entity),
    phone: t.exposeString('phoneNumber', { nullable: true, description: "The CRM lead body's name for phoneNumber" }),
    salesRepId: t.exposeString('salesRepId', { nullable: true }),
    salesRep: t.relation('salesRep', {
      nullable: true,
      description: 'Sales Rep is assigned to Lead',
    }),
    consumerId: t.exposeString('consumerId', { nullable: true }),
    consumer: t.relation('consumer', {
      nullable: true,
      description: 'Lead participates in transactions as Consumer',
    }),
    favorites: t.relation('favorites', listOptions(t, 'Vehicle', 'Lead favorites Vehicle')),
    accounts: t.relation('accounts', { ...needsRead, ...listOptions(t, 'Account', 'Accounts that log in as this lead') }),
  }),
});

registerEntityCrud(entity, Lead as never);
