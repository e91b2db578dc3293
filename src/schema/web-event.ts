import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { scalarFields } from './object-fields.js';

const entity = entities.WebEvent;

export const WebEvent = builder.prismaNode('WebEvent', {
  id: { field: 'id' },
  description: entity.description,
  fields: (t) => ({
    ...scalarFields(t, entity),
    accountId: t.exposeString('accountId', {
      nullable: true,
      description: 'The id of the account the event names, whether or not that account exists yet',
    }),
    account: t.relation('account', {
      nullable: true,
      description: 'Web Event was created by Account (null until an account with accountId exists)',
    }),
  }),
});

registerEntityCrud(entity, WebEvent as never, { publicCreate: true });
