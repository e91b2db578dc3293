import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { listOptions, listPageSize, listSize, needsRead, referenceFields, scalarFields, typeDescription, keySelection } from './object-fields.js';
import './lead-status-change.js';

const entity = entities.Lead;

export const Lead = builder.prismaNode('Lead', {
  id: { field: 'id' },
  select: keySelection(entity),
  description: typeDescription(entity),
  fields: (t) => ({
    ...scalarFields(t, entity),
    phone: t.exposeString('phoneNumber', { nullable: true, description: "The CRM lead body's name for phoneNumber" }),
    ...referenceFields(t, 'salesRep', 'Sales Rep is assigned to Lead'),
    ...referenceFields(t, 'consumer', 'Lead participates in transactions as Consumer'),
    favorites: t.relation('favorites', listOptions(t, 'Vehicle', 'Lead favorites Vehicle')),
    accounts: t.relation('accounts', { ...needsRead, ...listOptions(t, 'Account', 'Accounts that log in as this lead') }),
    statusHistory: t.relation('statusHistory', {
      ...needsRead,
      description: `Every change of processStatuses, oldest first. At most \`first\` items (default ${listSize.default}, at most ${listSize.max})`,
      args: { first: t.arg.int({ description: `How many items, at most ${listSize.max}` }) },
      // In the order the moves took the lead's row (ids are drawn as each row is written, under the
      // row lock), which concurrent moves' transaction start times (changedAt) need not follow.
      query: (args: { first?: number | null }) => ({ take: listPageSize(args.first), orderBy: { id: 'asc' } }),
    }),
  }),
});

registerEntityCrud(entity, Lead);
