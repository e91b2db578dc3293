// Event definitions over GraphQL: read with `read`, written with `admin` (model/event-definition.ts
// says what a definition holds; the write core checks it and holds web events to it).
import { builder } from '../builder.js';
import { entities } from '../model/entities.js';
import { registerEntityCrud } from './crud.js';
import { keySelection, scalarFields, typeDescription } from './object-fields.js';

const entity = entities.EventDefinition;

export const EventDefinition = builder.prismaNode('EventDefinition', {
  id: { field: 'name' },
  select: keySelection(entity),
  description: typeDescription(entity),
  fields: (t) => ({ ...scalarFields(t, entity) }),
});

registerEntityCrud(entity, EventDefinition);
