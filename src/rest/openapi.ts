// The REST layer's own OpenAPI 3.1 document, made from the same collections, routes and entity
// descriptions the router and the validation use, so it cannot describe another API than the one
// that answers.
import type { EntityDescription, RelationField, ScalarField } from '../model/entity.js';
import { scopes } from '../auth/scopes.js';
import { eventRoutePaths, eventRouteSchemas } from './openapi-event-routes.js';
import { rootTypeOfAction } from './operations.js';
import { collections, restRoutes, successStatus, type Action, type Collection } from './collections.js';
import { config } from '../config.js';
import { ruleSchemas } from '../model/rules.js';
import { maxPageNumber } from '../schema/crud.js';
import { defaultDepth, maxDepth } from './depth.js';
import { propertyLimits } from '../model/properties.js';
import { parametersFor } from './parameters.js';
import { joinFields } from './joins.js';
import { aggregateLimits, namedFunctions } from './aggregate.js';
import { filterableFields } from '../schema/filters.js';
import { groupsPage } from '../schema/aggregates/fields.js';
import { batchLimits } from './web-event-batch.js';
import { errorStatuses, rateLimitHeaders, ref, type Schema } from './openapi-parts.js';
import { crmPaths, crmSchemas, crmTags } from './openapi-crm.js';
import { webhookPaths, webhookSchemas, webhookTags } from './webhook-openapi.js';

const jsonObjectSchema: Schema = { additionalProperties: true, maxProperties: propertyLimits.keys };
const jsonObjectLimits = `At most ${propertyLimits.bytes} bytes as JSON, ${propertyLimits.depth} levels deep, ${propertyLimits.keys} keys in all, keys of 1 to ${propertyLimits.keyLength} characters.`;

function scalarSchema(field: ScalarField): Schema {
  const item: Schema = {
    type: { String: 'string', Date: 'string', DateTime: 'string', JSON: 'object', Int: 'integer', Float: 'number', Boolean: 'boolean' }[field.type],
  };
  if (field.type === 'Date') item.format = 'date';
  if (field.type === 'DateTime') item.format = 'date-time';
  if (field.type === 'JSON') Object.assign(item, jsonObjectSchema);
  if (field.serverSet) item.readOnly = true;
  // The rule's own pattern or bound (model/rules.ts), so the document says what validation checks.
  if (field.rule) Object.assign(item, ruleSchemas[field.rule]);
  // A masked value (`***-**-6789`) is what a key without pii:read reads.
  const masked = field.pii === 'last4' ? ' Without pii:read: its last four characters, as ***-**-6789.' : '';
  const description = `${field.type === 'JSON' ? `${field.description}. ${jsonObjectLimits}` : field.description}${masked}`;
  return field.list ? { type: 'array', items: item, description } : { ...item, description };
}

const cityKey: Schema = {
  type: 'object',
  description: 'A city by its key',
  properties: { name: { type: 'string' }, state: { anyOf: [{ type: 'string', ...ruleSchemas.stateCode }, ref('State')] } },
  required: ['name', 'state'],
  additionalProperties: false,
};

/**
 * "an id or the object": what the OpenAPI types every relation as. anyOf, not oneOf: a city's key
 * `{name, state}` is also a City document with those two fields.
 */
function relationSchema(relation: RelationField, objectSchema: string, acceptNumbers: boolean): Schema {
  const key: Schema[] =
    relation.target === 'City'
      ? [cityKey]
      : acceptNumbers
        ? [{ type: 'string' }, { type: 'integer', description: 'a numeric id, as the CRM sends them' }]
        : [{ type: 'string' }];
  const one: Schema = { anyOf: [...key, ref(objectSchema)] };
  return relation.list ? { type: 'array', items: one, description: relation.description } : { ...one, description: relation.description };
}

function entitySchemas(entity: EntityDescription, envelope: Collection['envelope']): Record<string, Schema> {
  const aliasesOf = (canonical: string) =>
    Object.entries(entity.aliases ?? {})
      .filter(([, name]) => name === canonical)
      .map(([alias]) => alias);
  const documentProperties: Schema = {};
  const inputProperties: Schema = {};
  const fixedOnceCreated: string[] = [];
  for (const [name, field] of Object.entries(entity.scalars)) {
    documentProperties[name] = scalarSchema(field);
    if (field.serverSet) continue;
    inputProperties[name] = scalarSchema(field);
    if (field.createOnly) fixedOnceCreated.push(name);
    for (const alias of aliasesOf(name)) {
      documentProperties[alias] = { ...scalarSchema(field), description: `Another name for ${name}` };
      inputProperties[alias] = { ...scalarSchema(field), description: `Another name for ${name}` };
    }
  }
  // Key fields that are no scalar of their own (a city's stateCode) are in its documents too.
  for (const field of entity.key) documentProperties[field] ??= { type: 'string', description: `The ${entity.name}'s ${field}` };
  for (const [name, relation] of Object.entries(entity.relations)) {
    documentProperties[name] = relationSchema(relation, relation.target, false);
    inputProperties[name] = relationSchema(relation, `New${relation.target}`, true);
    for (const alias of aliasesOf(name)) {
      documentProperties[alias] = { ...relationSchema(relation, relation.target, false), description: `Another name for ${name}` };
      inputProperties[alias] = { ...relationSchema(relation, `New${relation.target}`, true), description: `Another name for ${name}` };
    }
  }
  // Payload's join fields, there when `joins` asks for them (joins.ts).
  for (const [name, join] of joinFields.get(entity.name) ?? []) {
    documentProperties[name] = {
      type: 'object',
      description: `The ${join.entity.name}s whose ${join.relation} is this document (with joins[${name}]): their keys, a page at a time`,
      properties: {
        docs: { type: 'array', items: join.entity.name === 'City' ? cityKey : { type: 'string' } },
        hasNextPage: { type: 'boolean' },
        totalDocs: { type: 'integer', minimum: 0, description: `With joins[${name}][count]=true` },
      },
      required: ['docs', 'hasNextPage'],
      additionalProperties: false,
    };
  }
  if (envelope === 'payload') {
    documentProperties.createdAt = { type: 'string', format: 'date-time' };
    documentProperties.updatedAt = { type: 'string', format: 'date-time' };
    if (entity.trash)
      documentProperties.deletedAt = { type: 'string', format: 'date-time', description: 'When it was moved to the trash (only with ?trash=true)' };
    documentProperties.createdBy = { type: 'string', description: 'The name of the API key that created it, or "public"' };
    documentProperties.updatedBy = { type: 'string', description: 'The name of the API key that last changed it, or "public"' };
  }
  // Only the key is in every document: an answer to a caller without `read` holds the key and what
  // it sent, a masked field (a birth date without pii:read) is left out, and so is any field
  // without a value.
  const required = entity.key.filter((field) => field in documentProperties);
  const createRequired = Object.entries({ ...entity.scalars, ...entity.relations })
    .filter(([name, field]) => field.required && !(entity.idPrefix && entity.key.includes(name)) && !Object.values(entity.aliases ?? {}).includes(name))
    .map(([name]) => name);
  return {
    [entity.name]: {
      title: entity.name,
      description: entity.description,
      type: 'object',
      properties: documentProperties,
      required,
      additionalProperties: false,
    },
    [`New${entity.name}`]: {
      title: `New ${entity.name}`,
      description: `${entity.description} As a nested object, one whose key exists is updated with the fields given.`,
      type: 'object',
      properties: inputProperties,
      required: createRequired,
      additionalProperties: false,
    },
    [`${entity.name}Changes`]: {
      title: `${entity.name} changes`,
      type: 'object',
      properties: Object.fromEntries(Object.entries(inputProperties).filter(([name]) => !fixedOnceCreated.includes(name))),
      additionalProperties: false,
    },
  };
}

const problem: Schema = { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } }, required: ['message'] };

const errorModel: Schema = {
  type: 'object',
  description: "The commerce ErrorModel, with Payload's errors beside it (one per problem, or the one message)",
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'integer', description: 'The HTTP status' },
        message: { type: 'string' },
        problems: { type: 'array', items: problem, description: 'Each bad field, when the input has some' },
      },
      required: ['code', 'message'],
    },
    success: { type: 'boolean', const: false },
    errors: { type: 'array', items: problem },
  },
  required: ['error', 'success', 'errors'],
};

function errorResponses(action: Action, collection: Collection): Record<string, Schema> {
  const relevant = Object.keys(errorStatuses).filter((status) => {
    if (status === '413' || status === '415') return action === 'create' || action === 'update' || action === 'updateMany';
    if (status === '404') return action === 'read' || action === 'update' || action === 'delete';
    if (status === '401' || status === '403') return !(action === 'create' && collection.publicCreate);
    if (status === '409') return action === 'create' || action === 'update' || action === 'delete' || action === 'updateMany';
    return true;
  });
  return Object.fromEntries(
    relevant.map((status) => [status, { description: errorStatuses[status], content: { 'application/json': { schema: ref('ErrorModel') } } }]),
  );
}

function successSchema(collection: Collection, action: Action): Schema {
  const { name } = collection.entity;
  if (action === 'updateMany' || action === 'deleteMany') {
    const body = ref(`${name}Bulk`);
    return collection.envelope === 'commerce' ? { type: 'object', properties: { data: body, success: { type: 'boolean' } } } : body;
  }
  const body = action === 'list' ? ref(`${name}Page`) : action === 'count' ? ref('Count') : action === 'aggregate' ? ref(`${name}Aggregate`) : ref(name);
  if (collection.envelope === 'commerce') return { type: 'object', properties: { data: body, success: { type: 'boolean', const: true } } };
  if (action === 'list' || action === 'count' || action === 'aggregate' || action === 'read') return body;
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

const bulkSchema = (name: string): Schema => ({
  type: 'object',
  description: 'What a bulk change wrote (docs) and could not (errors: 400 when there are any)',
  properties: {
    docs: { type: 'array', items: ref(name) },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { oneOf: [{ type: 'string' }, cityKey] }, message: { type: 'string' }, field: { type: 'string' } },
        required: ['id', 'message'],
      },
    },
    message: { type: 'string' },
  },
  required: ['docs', 'errors'],
});

/** An aggregate's answer (rest/aggregate.ts): its numbers, or its groups with their keys and numbers. */
function aggregateSchema(entity: EntityDescription): Schema {
  const fields = Object.entries(filterableFields(entity)).filter(([, field]) => !field.list && field.type !== 'JSON');
  const numeric = fields.filter(([, field]) => field.type === 'Int' || field.type === 'Float');
  const valueType = (field: ScalarField) => ({ Int: 'integer', Float: 'number', Boolean: 'boolean' })[field.type as string] ?? 'string';
  const byField = (names: [string, ScalarField][], type: Schema) => ({
    type: 'object',
    properties: Object.fromEntries(names.map(([name]) => [name, type])),
    additionalProperties: false,
  });
  const numbers: Schema = {
    count: { type: 'integer', minimum: 0 },
    countDistinct: byField([...fields, ...timestampFields], { type: 'integer', minimum: 0 }),
    ...Object.fromEntries(['sum', 'avg', 'min', 'max'].map((fn) => [fn, byField(numeric, { type: ['number', 'null'] })])),
  };
  const key = {
    type: 'object',
    description: "The group's values of the groupBy fields (a truncated instant: the start of its hour, day, week or month, in UTC)",
    properties: Object.fromEntries([...fields, ...timestampFields].map(([name, field]) => [name, { type: [valueType(field), 'null'] }])),
    additionalProperties: false,
  };
  return {
    type: 'object',
    description: `Numbers over the ${entity.name} documents where matches; with groupBy, per group`,
    properties: { ...numbers, groups: { type: 'array', items: { type: 'object', properties: { key, ...numbers }, required: ['key', 'count'] } } },
  };
}

const timestampFields: [string, ScalarField][] = [
  ['createdAt', { type: 'DateTime', description: 'When the document was created' }],
  ['updatedAt', { type: 'DateTime', description: 'When the document was last changed' }],
];

const fieldList = (what: string): Schema => ({ type: 'string', pattern: '^[^,]+(,[^,]+)*$', description: what });

const parameters: Record<string, Schema> = {
  format: {
    name: 'format',
    in: 'query',
    schema: { type: 'string', enum: ['csv', 'ndjson'] },
    description:
      'Export: every document where matches, flat (relations as their keys), streamed as CSV or NDJSON (as Accept: text/csv or application/x-ndjson asks); takes where and sort (fields every document has a value in) only',
  },
  groupBy: {
    name: 'groupBy',
    in: 'query',
    schema: fieldList('field or field:unit, separated by commas'),
    description: `Group keys (at most ${aggregateLimits.groupBy}), separated by commas: a field holding one value, or a date or instant field and a unit to cut it to (eventTime:day; hour, day, week, month: UTC, weeks from Monday)`,
  },
  groupLimit: {
    name: 'groupLimit',
    in: 'query',
    schema: { type: 'integer', minimum: 1, maximum: groupsPage.max, default: groupsPage.default },
    description: 'The most groups answered (the first in key order)',
  },
  ...Object.fromEntries(
    namedFunctions.map((fn) => [
      fn,
      {
        name: fn,
        in: 'query',
        schema: fieldList('field names separated by commas'),
        description:
          fn === 'countDistinct'
            ? 'Fields to count the different values of (no value is not counted)'
            : `Numeric fields to take the ${fn} of (null when no document has a value)`,
      },
    ]),
  ),
  depth: {
    name: 'depth',
    in: 'query',
    schema: { type: 'integer', minimum: 0, default: defaultDepth },
    description: `The number of levels of related objects to include in the response; below it a relation is its id. At most ${maxDepth} (more is read as ${maxDepth}).`,
  },
  locale: { name: 'locale', in: 'query', schema: { type: 'string' }, description: 'Accepted for Payload compatibility; no field is localized' },
  'fallback-locale': {
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
  select: {
    name: 'select',
    in: 'query',
    style: 'deepObject',
    explode: true,
    schema: { type: 'object' },
    description:
      "Payload's select: select[field]=true keeps the fields named (and the key), select[field]=false leaves them out; a relation takes its own, select[salesRep][firstName]=true",
  },
  populate: {
    name: 'populate',
    in: 'query',
    style: 'deepObject',
    explode: true,
    schema: { type: 'object' },
    description:
      "Payload's populate: the fields of a collection's documents wherever they are populated (a relation within depth), as select takes them: populate[salesReps][firstName]=true",
  },
  joins: {
    name: 'joins',
    in: 'query',
    style: 'deepObject',
    explode: true,
    schema: { type: 'object' },
    description:
      "Payload's joins, on the collections with join fields (a consumer's and a sales rep's leads, an account's webEvents, a city's addresses, a state's cities, a vehicle spec's vehicles): joins[leads][limit]=5&joins[leads][sort]=-createdAt&joins[leads][where][processStatuses][equals]=New&joins[leads][count]=true gives each document leads: {docs (their keys), hasNextPage, totalDocs}. Without joins, or with joins=false (taken on every collection), documents have no join field.",
  },
  sort: { name: 'sort', in: 'query', schema: { type: 'string' }, description: 'Field names separated by commas; - before a name for descending' },
  limit: {
    name: 'limit',
    in: 'query',
    schema: { type: 'integer', minimum: 0, maximum: config.restListCeiling, default: 10 },
    description: `Documents per page; 0 for all of them (streamed; refused when the filter matches more than ${config.restListCeiling}, the most one answer holds)`,
  },
  page: { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: maxPageNumber, default: 1 }, description: 'The page, from 1' },
  pagination: {
    name: 'pagination',
    in: 'query',
    schema: { type: 'boolean', default: true },
    description: `false: one answer from the first document, without pages: all of them, or \`limit\` of them (at most ${config.restListCeiling})`,
  },
  forceAssignment: {
    name: 'forceAssignment',
    in: 'query',
    schema: { type: 'boolean', default: false },
    description: 'true: assign the sales rep given even when it is not accepting new leads or is paused (otherwise 409)',
  },
  trash: {
    name: 'trash',
    in: 'query',
    schema: { type: 'boolean', default: false },
    description: 'true: documents in the trash too (each with its deletedAt); on a delete of one in the trash, purges it for good (admin scope)',
  },
};

const summaries: Record<Action, (label: string, plural: string) => string> = {
  list: (_label, plural) => `List ${plural}`,
  count: (_label, plural) => `Count ${plural}`,
  aggregate: (_label, plural) => `Aggregate ${plural}`,
  read: (label) => `Get a ${label}`,
  create: (label) => `Create a new ${label}`,
  update: (label) => `Update a ${label}`,
  delete: (label) => `Delete a ${label}`,
  updateMany: (_label, plural) => `Update the ${plural} where matches`,
  deleteMany: (_label, plural) => `Delete the ${plural} where matches`,
};

const descriptions: Record<Action, string> = {
  list: 'The documents `where` matches, `limit` a page (0, or pagination=false: all of them, streamed, up to the ceiling), in `sort` order, with related documents to `depth` levels.',
  aggregate: `Numbers over the documents \`where\` matches, in one database statement: always count; countDistinct, sum, avg, min and max of the fields each names (sum, avg, min, max: numeric fields). Without groupBy, one object; with groupBy, {groups: [{key, ...}]} in key order, at most groupLimit groups. Grouping by, or counting the distinct values of, a personal field needs pii:read.`,
  count: 'How many documents `where` matches.',
  read: 'One document by its key, with related documents to `depth` levels.',
  create:
    'Creates a document. A relation is the id of an existing document, or an object: created, or updated when one with its key exists (with the write scope). Without the read scope, the answer holds only what was sent.',
  update: 'Changes the fields given; a list relation given replaces the list, a to-one relation given null is cleared.',
  delete: 'Deletes the document and answers it as it was.',
  updateMany:
    'Changes the fields given of every document `where` matches (at most 2000), in one transaction, each under the write rules. 200 when all were written; 400 lists those that were not, by id. Needs the read and write scopes.',
  deleteMany:
    'Deletes every document `where` matches (at most 2000), in one transaction; one that others still need stays, listed in errors (400). Needs the read and write scopes.',
};

function operation(collection: Collection, action: Action): Schema {
  const { entity } = collection;
  const label = entity.name.replace(/(?<=[a-z])(?=[A-Z])/g, ' ');
  const queryParameters = parametersFor(action, collection.entity);
  const onDocument = action === 'read' || action === 'update' || action === 'delete';
  const keyParameters = !onDocument ? [] : entity.key.map((field) => ({ name: field, in: 'path', required: true, schema: { type: 'string' } }));
  return {
    operationId: `${action}-${collection.slug}`,
    summary: summaries[action](label, collection.slug),
    description:
      entity.manageScope && rootTypeOfAction[action] === 'mutation' ? `${descriptions[action]} Needs the ${entity.manageScope} scope.` : descriptions[action],
    tags: [collection.slug],
    ...(action === 'create' && collection.publicCreate && { security: [] }),
    parameters: [...keyParameters, ...queryParameters.map((name) => ({ $ref: `#/components/parameters/${name}` }))],
    ...((action === 'create' || action === 'update' || action === 'updateMany') && {
      requestBody: { required: true, content: { 'application/json': { schema: ref(action === 'create' ? `New${entity.name}` : `${entity.name}Changes`) } } },
    }),
    responses: {
      [successStatus(collection, action)]: {
        description: successStatus(collection, action) === 201 ? 'Created' : 'OK',
        headers: rateLimitHeaders,
        content: {
          'application/json': { schema: successSchema(collection, action) },
          ...(action === 'list' && {
            'text/csv': {
              schema: { type: 'string', description: 'A header line of field names, then a line per document (see the README for the escaping rule)' },
            },
            'application/x-ndjson': { schema: { type: 'string', description: 'A JSON document per line, fields without a value left out' } },
          }),
        },
      },
      ...errorResponses(action, collection),
    },
  };
}

export function openApiDocument(version: string): Schema {
  const schemas: Record<string, Schema> = {
    ErrorModel: errorModel,
    Count: { type: 'object', properties: { totalDocs: { type: 'integer', minimum: 0 } }, required: ['totalDocs'] },
  };
  for (const collection of collections) {
    Object.assign(schemas, entitySchemas(collection.entity, collection.envelope), {
      [`${collection.entity.name}Page`]: pageSchema(collection.entity.name),
      [`${collection.entity.name}Bulk`]: bulkSchema(collection.entity.name),
      [`${collection.entity.name}Aggregate`]: aggregateSchema(collection.entity),
    });
  }
  const paths: Record<string, Record<string, Schema>> = {};
  for (const collection of collections) {
    for (const route of restRoutes) {
      const below = route.segment ? `/${route.segment}` : route.onDocument ? collection.entity.key.map((field) => `/{${field}}`).join('') : '';
      const path = `/${collection.slug}${below}`;
      paths[path] ??= {};
      paths[path][route.method.toLowerCase()] = operation(collection, route.action);
    }
  }
  paths['/webEvents/batch'] = { post: batchOperation() };
  Object.assign(schemas, batchSchemas, crmSchemas, eventRouteSchemas, webhookSchemas);
  Object.assign(paths, crmPaths(), eventRoutePaths(), webhookPaths());
  return {
    openapi: '3.1.0',
    info: {
      title: 'commerce-graph REST API',
      version,
      description:
        'The commerce and CRM REST APIs, served through the same pipeline as the GraphQL API at /graphql. Relations are an id or the object, as `depth` asks.',
      contact: { name: 'commerce-graph maintainers' },
      license: { name: 'UNLICENSED', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: '/api', description: 'This server' }],
    tags: [...collections.map((collection) => ({ name: collection.slug, description: collection.entity.description })), ...crmTags, ...webhookTags],
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

const batchSchemas: Record<string, Schema> = {
  WebEventBatchResult: {
    type: 'object',
    description: 'The outcome of one event of a batch, at its index',
    properties: {
      index: { type: 'integer', minimum: 0 },
      success: { type: 'boolean' },
      stored: { type: 'boolean', description: 'false: an event with this id was stored before, and nothing was written' },
      data: ref('WebEvent'),
      error: { type: 'object', properties: { code: { type: 'integer' }, message: { type: 'string' }, problems: { type: 'array', items: problem } } },
    },
    required: ['index', 'success'],
  },
};

/** POST /webEvents/batch (web-event-batch.ts): Segment-style, each event checked and stored on its own. */
function batchOperation(): Schema {
  const events = { type: 'array', items: ref('NewWebEvent'), maxItems: batchLimits.events };
  return {
    operationId: 'batch-webEvents',
    summary: 'Create many Web Events',
    description: `Up to ${batchLimits.events} events and ${batchLimits.bytes} bytes, as {"batch": [...]} or a bare list. Each event is checked and stored on its own; the answer lists one result per event, in order. Public, as a single create.`,
    tags: ['webEvents'],
    security: [],
    parameters: [{ $ref: '#/components/parameters/depth' }],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { anyOf: [{ type: 'object', properties: { batch: events }, required: ['batch'] }, events] } } },
    },
    responses: {
      '200': {
        description: 'OK: one result per event (success is false when any failed)',
        headers: rateLimitHeaders,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: { data: { type: 'array', items: ref('WebEventBatchResult') }, success: { type: 'boolean' } },
              required: ['data', 'success'],
            },
          },
        },
      },
      ...Object.fromEntries(
        ['400', '401', '413', '415', '429', '503'].map((status) => [
          status,
          { description: errorStatuses[status], content: { 'application/json': { schema: ref('ErrorModel') } } },
        ]),
      ),
    },
  };
}
