// Webhook endpoints and their deliveries over REST, for keys with the admin scope, as the GraphQL
// fields (schema/webhooks.ts) serve them and through the same pipeline (key, scope, errors):
//   GET    /api/webhooks                                 the key's endpoints
//   POST   /api/webhooks {url, events}                   registers one; the secret is in this answer only
//   DELETE /api/webhooks/{id}                            deletes one and its deliveries
//   GET    /api/webhooks/{id}/deliveries?status=&limit=  its deliveries, newest first
//   POST   /api/webhooks/deliveries/{id}/replay          sends one again from its first attempt
// Event types are written as deliveries carry them (`lead.created`); GraphQL's enum names them
// LEAD_CREATED: the schema's own enum translates, both ways.
import { type ExecutionResult, type GraphQLSchema, isEnumType, parse } from 'graphql';
import type { Problem } from '../errors.js';
import { errorModel, jsonResponse } from '../http/error-response.js';
import { deliveryLimits } from '../webhooks/endpoints.js';
import { webhookEventTypes } from '../writes/outbox.js';
import { restError } from './errors.js';
import { parseQueryString } from './query-string.js';
import { readJsonBody } from './read-body.js';
import { refusalWithout } from './refusal.js';
import { unknownKeys } from './unknown-keys.js';

type Row = Record<string, unknown>;
type Run = (document: ReturnType<typeof parse>, variables: Row) => Promise<ExecutionResult<{ result: unknown }>>;

const endpointFields = 'id url events createdAt';
const deliveryFields = 'id endpointId eventId type payload status attempts nextAttemptAt lastError deliveredAt createdAt';

const documents = {
  list: parse(`query RestWebhooks { result: webhookEndpoints { ${endpointFields} } }`),
  create: parse(`mutation RestCreateWebhook($url: String!, $events: [WebhookEventType!]!) {
    result: createWebhookEndpoint(url: $url, events: $events) { endpoint { ${endpointFields} } secret }
  }`),
  delete: parse('mutation RestDeleteWebhook($id: String!) { result: deleteWebhookEndpoint(id: $id) }'),
  deliveries: parse(`query RestWebhookDeliveries($endpointId: String!, $status: String, $first: Int!) {
    result: webhookDeliveries(endpointId: $endpointId, status: $status, first: $first) { ${deliveryFields} }
  }`),
  replay: parse(`mutation RestReplayWebhookDelivery($id: String!) { result: replayWebhookDelivery(id: $id) { ${deliveryFields} } }`),
};

/** The routes, by method and path below /api/webhooks (`{id}` a segment), for the OpenAPI document. */
export const webhookRoutes = [
  { method: 'GET', path: '', action: 'list' },
  { method: 'POST', path: '', action: 'create' },
  { method: 'DELETE', path: '/{id}', action: 'delete' },
  { method: 'GET', path: '/{id}/deliveries', action: 'deliveries' },
  { method: 'POST', path: '/deliveries/{id}/replay', action: 'replay' },
] as const;

type Action = (typeof webhookRoutes)[number]['action'];

function routeOf(method: string, parts: string[]): { action: Action; id?: string } | { allow: string } | undefined {
  const lower = parts.map((part) => part.toLowerCase());
  const route = (action: Action, id?: string) => (webhookRoutes.some((each) => each.action === action && each.method === method) ? { action, id } : undefined);
  const allowed = (action: Action) => ({
    allow: webhookRoutes
      .filter((each) => each.action === action || (action === 'list' && each.action === 'create'))
      .map((each) => each.method)
      .join(', '),
  });
  if (parts.length === 0) return route(method === 'POST' ? 'create' : 'list') ?? allowed('list');
  if (parts.length === 1) return route('delete', parts[0]) ?? allowed('delete');
  if (parts.length === 2 && lower[1] === 'deliveries') return route('deliveries', parts[0]) ?? allowed('deliveries');
  if (parts.length === 3 && lower[0] === 'deliveries' && lower[2] === 'replay') return route('replay', parts[1]) ?? allowed('replay');
  return undefined;
}

/** `lead.created` to and from the GraphQL enum's LEAD_CREATED, by the schema's enum. */
function eventNames(schema: GraphQLSchema) {
  const type = schema.getType('WebhookEventType');
  if (!isEnumType(type)) throw new Error('the schema has no WebhookEventType enum');
  const values = type.getValues();
  return {
    toGraphQL: (event: unknown) => values.find((value) => value.value === event)?.name,
    fromGraphQL: (name: string) => String(values.find((value) => value.name === name)?.value ?? name),
  };
}

const badRequest = (problems: Problem[]) =>
  jsonResponse(400, errorModel(400, problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '), { problems }));

export async function handleWebhooks(request: Request, url: URL, parts: string[], schema: GraphQLSchema, bodyLimitBytes: number, run: Run): Promise<Response> {
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  const route = routeOf(method, parts);
  if (!route) return jsonResponse(404, errorModel(404, 'Not Found: no such route'));
  if ('allow' in route) return jsonResponse(405, errorModel(405, `Method Not Allowed: use ${route.allow}`), { allow: route.allow });
  // Who may call comes before what the call says, as on every other route (outside attack D8): a
  // caller without the admin scope learns nothing of the body or parameters these routes take.
  const refusal = refusalWithout(request, ['admin']);
  if (refusal) return jsonResponse(refusal.status, refusal.body);

  const problems: Problem[] = [];
  const query = parseQueryString(url.search, problems);
  const allowedParameters = route.action === 'deliveries' ? ['status', 'limit'] : [];
  for (const name of Object.keys(query)) {
    if (!allowedParameters.includes(name))
      problems.push({
        field: name,
        message: allowedParameters.length ? `is not a parameter of this route (${allowedParameters.join(', ')})` : 'is not a parameter of this route',
      });
  }
  const names = eventNames(schema);
  let variables: Row = { id: route.id };
  if (route.action === 'deliveries') {
    // Digits only: Number() would also read 1e2, 0x10 or " 7 " as integers.
    const limit =
      query.limit === undefined ? deliveryLimits.default : typeof query.limit === 'string' && /^\d{1,9}$/.test(query.limit) ? Number(query.limit) : Number.NaN;
    if (!Number.isInteger(limit) || limit < 1 || limit > deliveryLimits.max)
      problems.push({ field: 'limit', message: `must be an integer from 1 to ${deliveryLimits.max}` });
    if (query.status !== undefined && typeof query.status !== 'string') problems.push({ field: 'status', message: 'must be given once, as text' });
    variables = { endpointId: route.id, status: query.status, first: limit };
  }
  if (route.action === 'create') {
    const read = await readJsonBody(request, bodyLimitBytes);
    if ('error' in read) return jsonResponse(read.status, read.error);
    const body = (read.body ?? {}) as Row;
    problems.push(...unknownKeys(body, ['url', 'events']));
    if (typeof body.url !== 'string') problems.push({ field: 'url', message: 'is required, as text' });
    const events = Array.isArray(body.events) ? body.events.map((event) => names.toGraphQL(event)) : [];
    if (!Array.isArray(body.events) || events.some((event) => event === undefined)) {
      problems.push({ field: 'events', message: `must be a list of ${webhookEventTypes.join(', ')}` });
    }
    variables = { url: body.url, events };
  }
  if (problems.length > 0) return badRequest(problems);

  const result = await run(documents[route.action], variables);
  if (result.errors?.length) {
    const { status, body, headers } = restError(result.errors.map((error) => error.toJSON()));
    return jsonResponse(status, body, headers);
  }
  const answer = result.data?.result;
  const endpoint = (row: Row) => ({ ...row, events: (row.events as string[]).map(names.fromGraphQL) });
  const delivery = (row: Row) => ({ ...row, type: names.fromGraphQL(String(row.type)), payload: JSON.parse(String(row.payload)) });
  switch (route.action) {
    case 'list':
      return jsonResponse(200, { docs: (answer as Row[]).map(endpoint) });
    case 'create': {
      const created = answer as { endpoint: Row; secret: string };
      return jsonResponse(201, {
        doc: endpoint(created.endpoint),
        secret: created.secret,
        message: 'Webhook endpoint created: keep its secret, it is not shown again.',
      });
    }
    case 'delete':
      return answer
        ? jsonResponse(200, { id: route.id, message: 'Deleted successfully.' })
        : jsonResponse(404, errorModel(404, 'Not Found: this key has no webhook endpoint with this id'));
    case 'deliveries':
      return jsonResponse(200, { docs: (answer as Row[]).map(delivery) });
    case 'replay':
      return jsonResponse(200, { doc: delivery(answer as Row), message: 'The delivery is sent again.' });
  }
}
