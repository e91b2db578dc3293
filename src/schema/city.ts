import { builder } from '../builder.js';
import { InputError } from '../errors.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { nestedConnection } from './nested-connection.js';
import { scalarFields, typeDescription, keySelection } from './object-fields.js';

const entity = entities.City;

// A City's node id carries its compound key as JSON (["IL","Springfield"]); anything else sent as a
// City nodeId is bad input, not a server error.
function cityWhere(id: string) {
  let parts: unknown;
  try {
    parts = JSON.parse(id);
  } catch {
    parts = undefined;
  }
  if (!Array.isArray(parts) || parts.length !== 2 || !parts.every((part) => typeof part === 'string')) {
    throw new InputError([{ field: 'id', message: 'is not the nodeId of a City' }]);
  }
  return { stateCode_name: { stateCode: parts[0] as string, name: parts[1] as string } };
}

export const City = builder.prismaNode('City', {
  id: { field: 'stateCode_name' },
  select: keySelection(entity),
  findUnique: cityWhere,
  description: typeDescription(entity),
  fields: (t) => ({
    ...scalarFields(t, entity),
    stateCode: t.exposeString('stateCode', { description: 'City is uniquely identified by State (its code)' }),
    state: t.relation('state', { nullable: true, description: 'City is uniquely identified by State' }),
    addresses: t.relatedConnection('addresses', ...nestedConnection('Address', 'city', 'id', 'Addresses in this city')),
  }),
});

registerEntityCrud(entity, City);
