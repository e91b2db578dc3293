// The REST layer's own OpenAPI 3.1 document, made from the same collections, routes and entity
// descriptions the router and the validation use, so it cannot describe another API than the one
// that answers.
import type { EntityDescription, RelationField, ScalarField } from '../model/entity.js';
import { scopes } from '../auth/scopes.js';
import { collections, restRoutes, type Action, type Collection } from './collections.js';
import { defaultDepth, maxDepth } from './depth.js';

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

// The OpenAPI pattern with the area code optional, as rules.phone checks it.
const phonePattern = '^\\+?1?[- ]?(?:\\(?[0-9]{3}\\)?[- ]?)?[0-9]{3}-?[0-9]{4}$';

function scalarSchema(field: ScalarField): Schema {
  const item: Schema = { type: { String: 'string', Date: 'string', Int: 'integer', Float: 'number', Boolean: 'boolean' }[field.type] };
  if (field.type === 'Date') item.format = 'date';
  if (field.rule === 'email') item.format = 'idn-email';
  if (field.rule === 'phone') item.pattern = phonePattern;
  if (field.rule === 'vin') item.pattern = '^[A-HJ-NPR-Z0-9]{17}$';
  if (field.rule === 'stateCode') item.pattern = '^[A-Z]{2,3}$';
  if (field.rule === 'squishVin') Object.assign(item, { minLength: 10, maxLength: 10 });
  if (field.rule === 'nonNegative') item.minimum = 0;
  return field.list ? { type: 'array', items: item, description: field.description } : { ...item, description: field.description };
}

const cityKey: Schema = {
  type: 'object',
  properties: { name: { type: 'string' }, state: { oneOf: [{ type: 'string' }, ref('State')] } },
  required: ['name', 'state'],
};

/** "an id or the object": what the OpenAPI types every relation as. */
function relationSchema(relation: RelationField, objectSchema: string, acceptNumbers: boolean): Schema {
  const key: Schema[] =
    relation.target === 'City'
      ? [cityKey]
      : acceptNumbers
        ? [{ type: 'string' }, { type: 'integer', description: 'a numeric id, as the CRM sends them' }]
        : [{ type: 'string' }];
  const one: Schema = { oneOf: [...key, ref(objectSchema)] };
  return relation.list ? { type: 'array', items: one, description: relation.description } : { ...one, description: relation.description };
}

function entitySchemas(entity: EntityDescription, envelope: Collection['envelope']): Record<string, Schema> {
  const aliasesOf = (canonical: string) =>
    Object.entries(entity.aliases ?? {})
      .filter(([, name]) => name === canonical)
      .map(([alias]) => alias);
  const documentProperties: Schema = {};
  const inputProperties: Schema = {};
  for (const [name, field] of Object.entries(entity.scalars)) {
    documentProperties[name] = scalarSchema(field);
    inputProperties[name] = scalarSchema(field);
    for (const alias of aliasesOf(name)) {
      documentProperties[alias] = { ...scalarSchema(field), description: `Another name for ${name}` };
      inputProperties[alias] = { ...scalarSchema(field), description: `Another name for ${name}` };
    }
  }
  for (const [name, relation] of Object.entries(entity.relations)) {
    documentProperties[name] = relationSchema(relation, relation.target, false);
    inputProperties[name] = relationSchema(relation, `New${relation.target}`, true);
    for (const alias of aliasesOf(name))
      inputProperties[alias] = { ...relationSchema(relation, `New${relation.target}`, true), description: `Another name for ${name}` };
  }
  if (envelope === 'payload') {
    documentProperties.createdAt = { type: 'string', format: 'date-time' };
    documentProperties.updatedAt = { type: 'string', format: 'date-time' };
    if (entity.trash)
      documentProperties.deletedAt = { type: 'string', format: 'date-time', description: 'When it was moved to the trash (only with ?trash=true)' };
    documentProperties.createdBy = { type: 'string', description: 'The name of the API key that created it, or "public"' };
    documentProperties.updatedBy = { type: 'string', description: 'The name of the API key that last changed it, or "public"' };
  }
  const required = [
    ...entity.key.filter((field) => field in entity.scalars),
    ...Object.entries(entity.scalars)
      .filter(([, field]) => field.required)
      .map(([name]) => name),
  ];
  const createRequired = Object.entries({ ...entity.scalars, ...entity.relations })
    .filter(([name, field]) => field.required && !(entity.idPrefix && entity.key.includes(name)) && !Object.values(entity.aliases ?? {}).includes(name))
    .map(([name]) => name);
  return {
    [entity.name]: { title: entity.name, description: entity.description, type: 'object', properties: documentProperties, required: [...new Set(required)] },
    [`New${entity.name}`]: {
      title: `New ${entity.name}`,
      description: `${entity.description} As a nested object, one whose key exists is updated with the fields given.`,
      type: 'object',
      properties: inputProperties,
      required: createRequired,
      additionalProperties: false,
    },
    [`${entity.name}Changes`]: { title: `${entity.name} changes`, type: 'object', properties: inputProperties, additionalProperties: false },
  };
}

const errorModel: Schema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'number' },
        message: { type: 'string' },
        problems: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
    success: { type: 'boolean' },
  },
};

const errorStatuses: Record<string, string> = {
  '400': 'Missing Required Information, or a value that breaks a rule (the message names the field and the rule)',
  '401': 'Unauthorized: no API key where one is needed, or a key that is not valid',
  '403': 'Forbidden: the API key lacks the scope this needs',
  '404': 'Not Found',
  '409': 'Conflict: the key exists already, or other records still need this one',
  '413': 'Payload Too Large',
  '415': 'Unsupported Media Type: the body must be application/json',
  '429': 'Too Many Requests: see Retry-After',
};

const rateLimitHeaders = Object.fromEntries(
  ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'].map((name) => [
    name,
    { schema: { type: 'integer' }, description: name.replace('RateLimit-', 'Rate limit: ') },
  ]),
);

function errorResponses(action: Action, collection: Collection): Record<string, Schema> {
  const relevant = Object.keys(errorStatuses).filter((status) => {
    if (status === '413' || status === '415') return action === 'create' || action === 'update';
    if (status === '404') return action !== 'list' && action !== 'create';
    if (status === '401' || status === '403') return !(action === 'create' && collection.publicCreate);
    if (status === '409') return action !== 'list' && action !== 'read';
    return true;
  });
  return Object.fromEntries(
    relevant.map((status) => [status, { description: errorStatuses[status], content: { 'application/json': { schema: ref('ErrorModel') } } }]),
  );
}

function successSchema(collection: Collection, action: Action): Schema {
  const { name } = collection.entity;
  const body = action === 'list' ? ref(`${name}Page`) : ref(name);
  if (collection.envelope === 'commerce') return { type: 'object', properties: { data: body, success: { type: 'boolean', const: true } } };
  if (action === 'list' || action === 'read') return body;
  return { type: 'object', properties: { doc: body, message: { type: 'string' } } };
}

const pageSchema = (name: string): Schema => ({
  type: 'object',
  properties: {
    docs: { type: 'array', items: ref(name) },
    ...Object.fromEntries(['totalDocs', 'limit', 'totalPages', 'page', 'pagingCounter'].map((field) => [field, { type: 'integer' }])),
    hasPrevPage: { type: 'boolean' },
    hasNextPage: { type: 'boolean' },
    prevPage: { type: ['integer', 'null'] },
    nextPage: { type: ['integer', 'null'] },
  },
});

const parameters: Record<string, Schema> = {
  depth: {
    name: 'depth',
    in: 'query',
    schema: { type: 'integer', minimum: 0, default: defaultDepth },
    description: `The number of levels of related objects to include in the response; below it a relation is its id. At most ${maxDepth} (more is read as ${maxDepth}).`,
  },
  locale: { name: 'locale', in: 'query', schema: { type: 'string' }, description: 'Accepted for Payload compatibility; no field is localized' },
  fallbackLocale: {
    name: 'fallback-locale',
    in: 'query',
    schema: { type: 'string' },
    description: 'Accepted for Payload compatibility; no field is localized',
  },
  where: {
    name: 'where',
    in: 'query',
    style: 'deepObject',
    explode: true,
    schema: { type: 'object' },
    description:
      'Payload filters: where[field][operator]=value with equals, not_equals, in, not_in, like, contains, greater_than, greater_than_equal, less_than, less_than_equal, exists; combine with where[or][0][...] and where[and][0][...]',
  },
  sort: { name: 'sort', in: 'query', schema: { type: 'string' }, description: 'Field names separated by commas; - before a name for descending' },
  limit: { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, default: 10 } },
  page: { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
};

const summaries: Record<Action, (label: string, plural: string) => string> = {
  list: (_label, plural) => `List ${plural}`,
  read: (label) => `Get a ${label}`,
  create: (label) => `Create a new ${label}`,
  update: (label) => `Update a ${label}`,
  delete: (label) => `Delete a ${label}`,
};

function operation(collection: Collection, action: Action): Schema {
  const { entity } = collection;
  const label = entity.name.replace(/(?<=[a-z])(?=[A-Z])/g, ' ');
  const queryParameters = action === 'list' ? ['depth', 'where', 'sort', 'limit', 'page', 'locale', 'fallbackLocale'] : ['depth', 'locale', 'fallbackLocale'];
  const keyParameters =
    action === 'list' || action === 'create' ? [] : entity.key.map((field) => ({ name: field, in: 'path', required: true, schema: { type: 'string' } }));
  return {
    operationId: `${action}-${collection.slug}`,
    summary: summaries[action](label, collection.slug),
    tags: [collection.slug],
    ...(action === 'create' && collection.publicCreate && { security: [] }),
    parameters: [...keyParameters, ...queryParameters.map((name) => ({ $ref: `#/components/parameters/${name}` }))],
    ...((action === 'create' || action === 'update') && {
      requestBody: { required: true, content: { 'application/json': { schema: ref(action === 'create' ? `New${entity.name}` : `${entity.name}Changes`) } } },
    }),
    responses: {
      '200': { description: 'OK', headers: rateLimitHeaders, content: { 'application/json': { schema: successSchema(collection, action) } } },
      ...errorResponses(action, collection),
    },
  };
}

export function openApiDocument(version: string): Schema {
  const schemas: Record<string, Schema> = { ErrorModel: errorModel };
  for (const collection of collections) {
    Object.assign(schemas, entitySchemas(collection.entity, collection.envelope), { [`${collection.entity.name}Page`]: pageSchema(collection.entity.name) });
  }
  const paths: Record<string, Record<string, Schema>> = {};
  for (const collection of collections) {
    for (const route of restRoutes) {
      const path = `/${collection.slug}${route.onDocument ? collection.entity.key.map((field) => `/{${field}}`).join('') : ''}`;
      paths[path] ??= {};
      paths[path][route.method.toLowerCase()] = operation(collection, route.action);
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'commerce-graph REST API',
      version,
      description:
        'The commerce and CRM REST APIs, served through the same pipeline as the GraphQL API at /graphql. Relations are an id or the object, as `depth` asks.',
    },
    servers: [{ url: '/api' }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: `An API key (npm run apikey:create), as the key itself, "Bearer <key>" or "users API-Key <key>". Scopes: ${scopes.join(', ')}.`,
        },
      },
      parameters,
      schemas,
    },
    paths,
  };
}
