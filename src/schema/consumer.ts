import { builder } from '../builder.js';
import { prisma, reader } from '../db.js';
import { InputError } from '../errors.js';
import { entities } from '../model/entities.js';
import { identifierColumn, identifierFields } from '../model/identifiers.js';
import type { Key } from '../model/keys.js';
import { mayReadStored } from '../writes/policy.js';
import type { Transaction } from '../writes/sql.js';
import { writeOne } from '../writes/write.js';
import { answerWrite, columnsOnly } from './write-answers.js';
import { IdentifierType } from './inputs.js';
import { keyProblem } from '../model/validate.js';
import { registerEntityCrud, writeRequest } from './crud.js';
import { nestedConnection } from './nested-connection.js';
import { listOptions, manageScopes, needsRead, scalarFields, typeDescription, keySelection } from './object-fields.js';

const entity = entities.Consumer;

export const Consumer = builder.prismaNode('Consumer', {
  id: { field: 'id' },
  select: keySelection(entity),
  description: typeDescription(entity),
  fields: (t) => ({
    ...scalarFields(t, entity),
    addresses: t.relation('addresses', listOptions(t, 'Address', 'Customer is located at Addresses')),
    accounts: t.relation('accounts', { ...needsRead, ...listOptions(t, 'Account', 'Accounts this consumer logs into') }),
    leads: t.relatedConnection('leads', ...nestedConnection('Lead', 'consumer', 'id', 'Leads in which this consumer participates')),
  }),
});

registerEntityCrud(entity, Consumer);

builder.queryField('consumerByIdentifier', (t) =>
  t.prismaField({
    type: Consumer,
    nullable: true,
    description:
      'The consumer an email, phone number or external id identifies (the first created, should several share it); null when none does, or when it is in the trash',
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
      return reader().consumer.findFirst({ ...query, where: { [column]: value, deletedAt: null }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    },
  }),
);

builder.mutationField('addConsumerByIdentifier', (t) =>
  t.prismaField({
    type: Consumer,
    nullable: true,
    description:
      "The consumer an email, phone number or external id identifies, added with that identifier alone when none does (seed 003's addCustomerIfNotExists). Concurrent adds of one identifier make one consumer; its name, phone number and birth date stay empty until an update gives them",
    ...manageScopes(entity),
    args: {
      type: t.arg({ type: IdentifierType, required: true }),
      value: t.arg.string({ required: true }),
    },
    resolve: async (query, _root, args, context) => {
      const problem = keyProblem(args.value);
      if (problem) throw new InputError([{ field: 'value', message: problem.replace('a key', 'an identifier') }]);
      const { value } = identifierColumn(args.type, args.value);
      if (value === '')
        throw new InputError([{ field: 'value', message: 'is empty once normalised (an email without its spaces, a phone number as its digits)' }]);
      // The identifier is a field of the consumer too: checked by its rule (an email's form, a phone number's).
      const input = { [identifierFields.get(args.type)!]: args.value.trim() };
      const request = { ...writeRequest(context, entity, 'create', input, 'input'), addedBy: { type: args.type, value: args.value } };
      const read = (tx: Transaction, key: Key) => tx.consumer.findUniqueOrThrow({ ...query, where: { id: key.id } });
      const mayRead = mayReadStored(context.writer);
      const { outcome, readBack } = await writeOne(request, mayRead ? { columns: columnsOnly(query), read } : undefined);
      return answerWrite(context, entity, outcome, query, (key) => (outcome.status === 'written' ? readBack : read(prisma, key))) as never;
    },
  }),
);
