// Turns a REST body into a GraphQL create/update input. Where the OpenAPI allows "an id or the
// object", a string (or, as the CRM sends them, a number) becomes `{ connect }` and an object
// `{ upsert }`, at every depth. Timestamps and their authors in a body are the server's to set and are
// ignored.
import { recordStamps, type EntityDescription } from '../model/entity.js';
import { entities } from '../model/entities.js';
import { keyName } from '../key-names.js';

type Body = Record<string, unknown>;

const serverManaged = new Set<string>(recordStamps);

function relationTarget(entity: EntityDescription, name: string): EntityDescription | undefined {
  const canonical = entity.aliases?.[name] ?? name;
  const relation = entity.relations[canonical];
  return relation && entities[relation.target];
}

function toRef(target: EntityDescription, value: unknown): unknown {
  if (typeof value === 'number') return { connect: String(value) };
  if (typeof value === 'string') return { connect: value };
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    // {"match": {"type": "EMAIL", "value": ...}}: a consumer named by an identifier in place of its id.
    if (target.matchByIdentifier && Object.keys(value).length === 1 && 'match' in value) {
      const match = (value as Body).match as Body;
      const create = match && typeof match === 'object' && !Array.isArray(match) ? match.create : undefined;
      return { match: create && typeof create === 'object' && !Array.isArray(create) ? { ...match, create: toInput(target, create as Body) } : match };
    }
    return { upsert: toInput(target, value as Body) };
  }
  return value; // null, or a wrong type for GraphQL to name
}

export function toInput(entity: EntityDescription, body: Body): Body {
  // Without a prototype, a body key `__proto__` is copied as a field (which GraphQL then names as
  // no field of the input) instead of setting the input's prototype and vanishing.
  const input: Body = Object.create(null);
  for (const [position, [key, value]] of Object.entries(body).entries()) {
    // A key that is not a plain name is no field of any input: it goes on as its position
    // (`key 3`), which GraphQL refuses as no field, so that the refusal never echoes the key.
    const name = keyName(key, position);
    if (serverManaged.has(name)) continue;
    const target = relationTarget(entity, name);
    if (!target) {
      input[name] = value;
    } else if (Array.isArray(value)) {
      input[name] = value.map((item) => toRef(target, item));
    } else {
      input[name] = toRef(target, value);
    }
  }
  return input;
}
