import { builder } from '../builder.js';
import { reader } from '../db.js';
import { InputError } from '../errors.js';
import { entities } from '../model/entities.js';
import { identifierColumn } from '../model/identifiers.js';
import { IdentifierType } from './inputs.js';
import { keyProblem } from '../model/validate.js';
import { registerEntityCrud } from './crud.js';
import { byForeignKey, nestedAggregateFields } from './aggregates/nested.js';
import { listOptions, needsRead, outsideTrash, scalarFields, typeDescription, keySelection } from './object-fields.js';

const entity = entities.Consumer;

export const Consumer = builder.prismaNode('Consumer', {
  id: { field: 'id' },
  select: keySelection(entity),
  description: typeDescription(entity),
  fields: (t) => ({
    ...scalarFields(t, entity),
    addresses: t.relation('addresses', listOptions(t, 'Address', 'Customer is located at Addresses')),
    accounts: t.relation('accounts', { ...needsRead, ...listOptions(t, 'Account', 'Accounts this consumer logs into') }),
    leads: t.relatedConnection(
      'leads',
      {
        ...needsRead,
        cursor: 'id',
        totalCount: true,
        query: () => ({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], ...outsideTrash('Lead') }),
        description: 'Leads in which this consumer participates',
      },
      { fields: (connection) => nestedAggregateFields(connection, byForeignKey(entities.Lead, 'consumer')) },
    ),
  }),
});

registerEntityCrud(entity, Consumer as never);

builder.queryField('consumerByIdentifier', (t) =>
  t.prismaField({
    type: Consumer,
    nullable: true,
    description: 'The consumer an email, phone number or external id identifies (the first created, should several share it); null when none does',
    args: {
      type: t.arg({ type: IdentifierType, required: true }),
      value: t.arg.string({ required: true }),
    },
    resolve: (query, _root, args) => {
      const problem = keyProblem(args.value);
      if (problem) throw new InputError([{ field: 'value', message: problem.replace('a key', 'an identifier') }]);
      const { column, value } = identifierColumn(args.type, args.value);
      if (value === '')
        throw new InputError([{ field: 'value', message: 'is empty once normalised (an email without its spaces, a phone number as its digits)' }]);
      return reader().consumer.findFirst({ ...query, where: { [column]: value }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    },
  }),
);
