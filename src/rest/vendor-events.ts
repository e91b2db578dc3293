// The two vendor event formats, as compatibility routes, so that their clients can point here
// unchanged: `POST /v2/events` (seed 003: eventName, actions, fields of name/type/value, the
// customer by identifierType) and `POST /client/v1/events` (seed 004: event, customer by
// source_id, referral, loyalty, metadata, answered in seed 004's shape). Each body is translated
// into createWebEvent and run through the same pipeline as every REST call (key and scopes, rate
// limits, validation, event definitions, the write core), its errors in the ErrorModel with the
// vendor's field names.
import type { Response } from '../http/response.js';
import { parse, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { prisma } from '../db.js';
import { errorModel, jsonResponse } from '../http/error-response.js';
import { eventRules } from '../writes/event-rules.js';
import { entities } from '../model/entities.js';
import { eventNameMaxLength } from '../model/event-definition.js';
import { customerIdentifier, identifierColumn, type IdentifierType } from '../model/identifiers.js';
import { restError } from './errors.js';
import { readJsonBody } from './read-body.js';
import { selectionFor } from './selection.js';
import { toDocument } from './to-document.js';
import { keyName } from '../key-names.js';
import { unknownKeys } from './unknown-keys.js';
import { decimalInteger, decimalNumber, isShortInteger, maxIntegerDigits } from '../model/decimal-text.js';

type Row = Record<string, unknown>;
type Problem = { field: string; message: string };
export type RunOperation = (document: ReturnType<typeof parse>, variables: Row) => Promise<ExecutionResult<{ result: unknown }>>;

/** The consumer with this identifier (the first created, outside the trash), read as consumerByIdentifier reads it. */
export async function consumerWith(column: 'emailKey' | 'phoneKey' | 'externalId', value: string): Promise<string | undefined> {
  const found = await prisma.consumer.findFirst({
    where: { [column]: value, deletedAt: null },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true },
  });
  return found?.id;
}

/** The addCustomerIfNotExists of the event's definition, when it has one. */
export async function addCustomerByDefinition(eventName: string): Promise<boolean | undefined> {
  return (await eventRules()).get(eventName)?.addCustomerIfNotExists;
}

/** What the route needs of the server: run an operation, find a consumer, and the definition's addCustomerIfNotExists. */
export interface VendorRouteContext {
  run: RunOperation;
  /** The id of the consumer with this identifier (the first created), if any. */
  consumerWith(column: 'emailKey' | 'phoneKey' | 'externalId', value: string): Promise<string | undefined>;
  /** The definition of the event's addCustomerIfNotExists, when it has a definition. */
  addCustomerByDefinition(eventName: string): Promise<boolean | undefined>;
  /** The caller's key has the read scope: the answer may show the stored customer. */
  mayRead: boolean;
}

const createEvent = parse(`mutation VendorEvent($input: CreateWebEventInput!) {
  result: createWebEvent(input: $input) { ${selectionFor(entities.WebEvent, 0)} consumer { id firstName lastName email externalId } }
}`);

const isObject = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);

const badRequest = (problems: Problem[]) =>
  jsonResponse(400, errorModel(400, problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '), { problems }));

/** The customer a body names, found or added as its definition or body says; a problem when it may not be added. */
async function customerOf(
  context: VendorRouteContext,
  eventName: string,
  type: IdentifierType,
  given: string,
  field: string,
  addByBody: boolean | undefined,
): Promise<{ identifier: string; consumerId?: string } | Problem | { response: Response }> {
  const { column, value } = identifierColumn(type, given);
  if (value === '') return { field, message: 'is empty once normalised (an email without its spaces, a phone number as its digits)' };
  const identifier = customerIdentifier(column, value);
  const consumerId = await context.consumerWith(column, value);
  if (consumerId) return { identifier, consumerId };
  const add = (await context.addCustomerByDefinition(eventName)) ?? addByBody ?? false;
  if (!add) return { field, message: 'no consumer has this identifier, and addCustomerIfNotExists is false: nothing was stored' };
  // Added through the same pipeline (addConsumerByIdentifier): concurrent posts of one new
  // identifier make one consumer, and each event links it.
  const added = await context.run(addConsumer, { type, value: given });
  const id = (added.data?.result as Row | null | undefined)?.id;
  if (added.errors?.length || typeof id !== 'string') {
    const [error] = added.errors ?? [];
    const code = error?.extensions?.code;
    return code === 'BAD_USER_INPUT'
      ? { field, message: `cannot identify a consumer: ${String((error.extensions?.problems as Problem[] | undefined)?.[0]?.message ?? 'not an identifier')}` }
      : { response: failed((added.errors ?? []).map((each) => ('toJSON' in each ? each.toJSON() : each))) };
  }
  return { identifier, consumerId: id };
}

const addConsumer = parse(`mutation AddCustomer($type: ConsumerIdentifierType!, $value: String!) {
  result: addConsumerByIdentifier(type: $type, value: $value) { id }
}`);

/** The GraphQL errors of a create as the ErrorModel. */
function failed(errors: readonly GraphQLFormattedError[]): Response {
  const { status, body, headers } = restError(errors);
  return jsonResponse(status, body, headers);
}

async function create(context: VendorRouteContext, input: Row): Promise<{ event: Row } | { response: Response }> {
  const result = await context.run(createEvent, { input });
  if (result.errors?.length) return { response: failed(result.errors.map((error) => ('toJSON' in error ? error.toJSON() : error))) };
  return { event: result.data?.result as Row };
}

// ---- seed 003: POST /v2/events ----

const capillaryFields = ['eventName', 'actions', 'description', 'fields', 'identifierType', 'addCustomerIfNotExists'];
const capillaryActions = ['EMFConsumer', 'EIConsumer'];
/** Seed 003's identifier types this server can find a consumer by, and the identifier each is. */
const capillaryIdentifiers = new Map<string, IdentifierType>([
  ['email', 'EMAIL'],
  ['mobile', 'PHONE'],
  ['externalId', 'EXTERNAL_ID'],
]);
const fieldKeys = ['name', 'type', 'valueType', 'value'];
const decimalTypes = new Set(['double', 'number', 'float']);
const integerTypes = new Set(['integer', 'int', 'long']);

/** How a field is named in a message: by its name when that is plain, for the caller to find it. */
const fieldLabel = (name: string) => (keyName(name, 0) === name ? `field ${name}, ` : '');

/**
 * A field's value as its valueType (or type) says: seed 003 sends every value as text. A number is
 * read in decimal notation only (model/decimal-text.ts); a JSON number or boolean must be of its kind.
 */
function fieldValue(field: Row, at: string, problems: Problem[]): unknown {
  const kind = String(field.valueType ?? field.type ?? 'string').toLowerCase();
  const { value } = field;
  const refuse = (rule: string) => problems.push({ field: `${at}.value`, message: `${rule} (${fieldLabel(field.name as string)}type ${kind})` });
  const rules = {
    boolean: 'must be true or false',
    decimal: 'must be a number in decimal notation, such as 500, -0.5 or 1e3',
    integer: `must be an integer in decimal notation of at most ${maxIntegerDigits} digits, such as 42`,
  };
  if (kind === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (value !== 'true' && value !== 'false') refuse(rules.boolean);
    return value === 'true';
  }
  if (decimalTypes.has(kind) || integerTypes.has(kind)) {
    const whole = integerTypes.has(kind);
    const number =
      typeof value === 'number'
        ? Number.isFinite(value) && (!whole || isShortInteger(value))
          ? value
          : undefined
        : typeof value === 'string'
          ? whole
            ? decimalInteger(value)
            : decimalNumber(value)
          : undefined;
    if (number === undefined) refuse(whole ? rules.integer : rules.decimal);
    return number;
  }
  if (typeof value === 'string') return value;
  if (value === undefined || value === null || typeof value === 'object') problems.push({ field: `${at}.value`, message: 'is required: the value as text' });
  else refuse('must be text');
  return value;
}

export async function handleCapillaryEvent(request: Request, bodyLimitBytes: number, context: VendorRouteContext): Promise<Response> {
  const read = await readJsonBody(request, bodyLimitBytes);
  if ('error' in read) return jsonResponse(read.status, read.error);
  if (!isObject(read.body)) return badRequest([{ field: 'body', message: 'must be an event object' }]);
  const body = read.body;
  const problems = unknownKeys(body, capillaryFields);
  if (typeof body.eventName !== 'string' || body.eventName.trim() === '') problems.push({ field: 'eventName', message: 'is required: the name of the event' });
  const actions = Array.isArray(body.actions) ? body.actions : [body.actions];
  if (actions.length === 0 || actions.some((action) => !capillaryActions.includes(action as string)))
    problems.push({
      field: 'actions',
      message: `${body.actions === undefined ? 'is required' : 'must be'}: ${capillaryActions.join(' or ')} (or a list of them)`,
    });
  if (body.description !== undefined && typeof body.description !== 'string') problems.push({ field: 'description', message: 'must be text' });
  if (body.addCustomerIfNotExists !== undefined && typeof body.addCustomerIfNotExists !== 'boolean')
    problems.push({ field: 'addCustomerIfNotExists', message: 'must be true or false' });
  const identifier = body.identifierType;
  const type = isObject(identifier) && typeof identifier.value === 'string' ? capillaryIdentifiers.get(identifier.value) : undefined;
  if (!isObject(identifier) || typeof identifier.valueType !== 'string' || !type)
    problems.push({
      field: 'identifierType',
      message: `is required: {"value": one of ${[...capillaryIdentifiers.keys()].join(', ')}, "valueType": the customer's identifier}`,
    });
  else problems.push(...unknownKeys(identifier, ['value', 'valueType'], 'identifierType'));
  const properties: Row = {};
  // Where each field name was first given (a Map: the names are the caller's).
  const firstIndex = new Map<string, number>();
  if (body.fields !== undefined && !Array.isArray(body.fields)) problems.push({ field: 'fields', message: 'must be a list of {name, type, valueType, value}' });
  for (const [index, field] of ((Array.isArray(body.fields) ? body.fields : []) as unknown[]).entries()) {
    const at = `fields.${index}`;
    if (!isObject(field) || typeof field.name !== 'string' || field.name === '') {
      problems.push({ field: at, message: 'must be {name, type, valueType, value} with a name' });
      continue;
    }
    const others = unknownKeys(field, fieldKeys, at).map((problem) => ({
      ...problem,
      message: `is not a key of a field (${fieldKeys.join(', ')}): the rules of a field (isRequired, isUniqueKeyField, isPsiData) are its event's definition (/api/eventdefinitions)`,
    }));
    if (others.length > 0) {
      problems.push(...others);
      continue;
    }
    const before = firstIndex.get(field.name);
    if (before !== undefined) problems.push({ field: `${at}.name`, message: `names a field given before, at fields.${before}` });
    else firstIndex.set(field.name, index);
    // A name such as __proto__ is a plain key (an assignment would set the object's prototype).
    Object.defineProperty(properties, field.name, { value: fieldValue(field, at, problems), enumerable: true, writable: true, configurable: true });
  }
  if (problems.length > 0) return badRequest(problems);
  const eventName = body.eventName as string;
  const customer = await customerOf(
    context,
    eventName,
    type!,
    (identifier as Row).valueType as string,
    'identifierType.valueType',
    body.addCustomerIfNotExists as boolean | undefined,
  );
  if ('response' in customer) return customer.response;
  if ('message' in customer) return badRequest([customer]);
  const input: Row = { name: eventName, properties, customerIdentifier: customer.identifier };
  if (customer.consumerId) input.consumerId = customer.consumerId;
  const created = await create(context, input);
  if ('response' in created) return renameProblems(created.response, { properties: 'fields', name: 'eventName' });
  return jsonResponse(200, { data: toDocument(entities.WebEvent, created.event, 0, 'commerce'), success: true });
}

// ---- seed 004: POST /client/v1/events ----

const voucherifyFields = ['event', 'customer', 'referral', 'loyalty', 'metadata'];
const customerFields = ['id', 'source_id', 'email', 'name', 'metadata', 'object'];

export async function handleVoucherifyEvent(request: Request, bodyLimitBytes: number, context: VendorRouteContext): Promise<Response> {
  const read = await readJsonBody(request, bodyLimitBytes);
  if ('error' in read) return jsonResponse(read.status, read.error);
  if (!isObject(read.body)) return badRequest([{ field: 'body', message: 'must be an event object' }]);
  const body = read.body;
  const problems = unknownKeys(body, voucherifyFields);
  if (typeof body.event !== 'string' || body.event.length < 1 || body.event.length > eventNameMaxLength)
    problems.push({ field: 'event', message: `is required: the event name, 1 to ${eventNameMaxLength} characters` });
  const customer = body.customer;
  if (!isObject(customer)) problems.push({ field: 'customer', message: 'is required: an object with source_id or email' });
  else {
    problems.push(...unknownKeys(customer, customerFields, 'customer'));
    for (const name of ['id', 'source_id', 'email', 'name'])
      if (customer[name] !== undefined && typeof customer[name] !== 'string') problems.push({ field: `customer.${name}`, message: 'must be text' });
    if (typeof customer.source_id !== 'string' && typeof customer.email !== 'string')
      problems.push({ field: 'customer.source_id', message: 'is required (or customer.email): what identifies the customer' });
  }
  if (body.referral !== undefined && body.referral !== null) {
    if (!isObject(body.referral)) problems.push({ field: 'referral', message: 'must be an object {code, referrer_id}' });
    else problems.push(...unknownKeys(body.referral, ['code', 'referrer_id'], 'referral'));
  }
  if (body.loyalty !== undefined && body.loyalty !== null) {
    if (!isObject(body.loyalty)) problems.push({ field: 'loyalty', message: 'must be an object {code}' });
    else problems.push(...unknownKeys(body.loyalty, ['code'], 'loyalty'));
  }
  if (body.metadata !== undefined && !isObject(body.metadata)) problems.push({ field: 'metadata', message: 'must be an object' });
  if (problems.length > 0) return badRequest(problems);
  const given = customer as Row;
  const bySource = typeof given.source_id === 'string';
  // Seed 004 adds a customer it does not know (by source_id): so does this route, unless the
  // event's definition says otherwise.
  const found = await customerOf(
    context,
    body.event as string,
    bySource ? 'EXTERNAL_ID' : 'EMAIL',
    (bySource ? given.source_id : given.email) as string,
    bySource ? 'customer.source_id' : 'customer.email',
    true,
  );
  if ('response' in found) return found.response;
  if ('message' in found) return badRequest([found]);
  const input: Row = { name: body.event, properties: body.metadata ?? {}, customerIdentifier: found.identifier };
  if (found.consumerId) input.consumerId = found.consumerId;
  const created = await create(context, input);
  if ('response' in created) return renameProblems(created.response, { properties: 'metadata', name: 'event' });
  const stored = created.event.consumer as Row | null | undefined;
  // A key that may read gets the stored customer; a write-only key gets back only what it sent
  // (null for what it did not), never a stored value: it may not learn stored data by writing.
  const answerCustomer: Row =
    context.mayRead && stored
      ? {
          id: found.consumerId ?? null,
          name: [stored.firstName, stored.lastName].filter(Boolean).join(' ') || null,
          email: stored.email ?? null,
          source_id: stored.externalId ?? given.source_id ?? null,
          object: 'customer',
        }
      : { id: found.consumerId ?? null, name: given.name ?? null, email: given.email ?? null, source_id: given.source_id ?? null, object: 'customer' };
  // The same for the event: a write-only key's repeat of a unique-key event is answered with the
  // stored event's id alone (name and properties null), so it gets back the event and metadata it sent.
  return jsonResponse(200, {
    object: 'event',
    type: context.mayRead ? created.event.name : body.event,
    customer: answerCustomer,
    // Seed 004 documents both as null: there is no referral or loyalty program here to attribute the event to.
    referral: null,
    loyalty: null,
    metadata: (context.mayRead ? created.event.properties : body.metadata) ?? {},
  });
}

/** A path of createWebEvent's input under the vendor's name for it: `properties.vin` is `fields.vin`, `name` is `eventName`. */
type VendorNames = { properties: string; name: string };

function vendorPath(path: string, names: VendorNames): string {
  if (path === 'name') return names.name;
  if (path === 'properties' || path.startsWith('properties.')) return names.properties + path.slice('properties'.length);
  return path;
}

/** An error answer with the input's paths under the vendor's names, in problems, errors[] and the message. */
async function renameProblems(response: Response, names: VendorNames): Promise<Response> {
  const body = (await response.json()) as { error: { code: number; message: string; problems?: Problem[] } };
  const { problems } = body.error;
  // The headers go on, but not the length: the renamed body is another length, and a client told
  // the old one waits over HTTP for bytes that never come (or reads past the body).
  const headers = Object.fromEntries([...response.headers].filter(([name]) => name.toLowerCase() !== 'content-length'));
  if (!problems?.length) return jsonResponse(response.status, body, headers);
  const renamed = problems.map((problem) => ({ field: vendorPath(problem.field, names), message: problem.message }));
  const message = body.error.message.replace(
    /^(Missing Required Information: )?.*$/s,
    (_, prefix = '') => `${prefix}${renamed.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`,
  );
  return jsonResponse(response.status, errorModel(body.error.code, message, { problems: renamed }), headers);
}
