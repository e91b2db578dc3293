// The REST compatibility layer as a Yoga plugin. A call under /api/ is translated into a GraphQL
// operation, run through this Yoga instance's own pipeline (the same context, API-key scopes,
// loaders, validation and error masking as /graphql), and reshaped into the REST response.
import { cutOffOf } from '../http/cut-off.js';
import { Response } from '../http/response.js';
import { GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Plugin, YogaServerInstance } from 'graphql-yoga';
import type { Problem } from '../errors.js';
import type { EntityDescription } from '../model/entity.js';
import { keyFieldProblem } from '../model/validate.js';
import { config } from '../config.js';
import { errorModel, jsonResponse, vendorEventPaths } from '../http/error-response.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import { addCustomerByDefinition, consumerWith, handleCapillaryEvent, handleVoucherifyEvent } from './vendor-events.js';
import { withinRequest } from '../read-scope.js';
import type { CostCheck } from '../plugins/use-cost-limit.js';
import { collectionFor, restRoutes, successStatus, type Action, type Collection } from './collections.js';
import { aggregateAnswer, aggregateArguments, aggregateOperation, aggregateVariables } from './aggregate.js';
import { answerBulk } from './bulk-answer.js';
import { answerExport, exportFormatOf } from './export/export.js';
import { compiledAnswer } from './compiled-answer.js';
import { applySelect, readSelect } from './select.js';
import { applyPopulate, readPopulate } from './populate.js';
import { auditTrailDocument, auditTrailVariables } from './audit-route.js';
import { parseDepth } from './depth.js';
import { label, notFound, restError } from './errors.js';
import { historyDocument, leadHistoryDocument } from './lead-history.js';
import { privacyRoute, type PrivacyRoute } from './consumer-privacy-routes.js';
import { listArguments, whereArgument } from './list-query.js';
import { answerLongList, countDocuments, type RunDocument } from './long-list.js';
import { operationFor } from './operations.js';
import { crmParameters, parametersOtherThan, unknownParameters } from './parameters.js';
import { parseQueryString } from './query-string.js';
import { readJsonBody } from './read-body.js';
import { addJoins, readJoins, type JoinRequest } from './joins.js';
import { refusalOf } from './refusal.js';
import { toDocument } from './to-document.js';
import { toInput } from './to-input.js';
import { handleIdentify } from './identify-route.js';
import { handleWebEventBatch } from './web-event-batch.js';
import { createWebEventDirectly, createWebEventsDirectly } from './web-event-ingest.js';
import { handleWebhooks } from './webhook-routes.js';
import { apiKeyOf } from '../plugins/use-api-key-auth.js';

/**
 * Other routes under /api/ by first segment, lowercase (the OpenAPI document, its page). A Map: the
 * segment comes from the request, and in a plain object `constructor` would find Object itself.
 */
export type ExtraRoutes = ReadonlyMap<string, ExtraRoute>;
export type ExtraRoute = (request: Request, rest: string[]) => Response | Promise<Response>;

export interface RestCompatOptions {
  bodyLimitBytes: number;
  /** The GraphQL cost limit, which reads the database builds are held to as well. */
  costCheck: CostCheck;
  /** Reads by key and lists without `where` built by the database (compiled-read.ts); on unless false. */
  compiledReads?: boolean;
  /** Tried before the collections. */
  extraRoutes?: ExtraRoutes;
  /** Web events of callers who may not read stored without the executor (web-event-ingest.ts); on unless false. */
  directIngest?: boolean;
}

type Row = Record<string, unknown>;

const json = jsonResponse;

function methodNotAllowed(onDocument: boolean, segment: string | undefined) {
  const allowed = restRoutes
    .filter((route) => route.onDocument === onDocument && route.segment === segment)
    .map((route) => route.method)
    .join(', ');
  return json(405, errorModel(405, `Method Not Allowed: use ${allowed}`), { allow: allowed });
}

function envelope(collection: Collection, action: Action, result: unknown): unknown {
  if (collection.envelope === 'commerce') return { data: result, success: true };
  switch (action) {
    case 'create':
      return { doc: result, message: `${label(collection.entity.name)} successfully created.` };
    case 'update':
      return { doc: result, message: 'Updated successfully.' };
    case 'delete':
      return { doc: result, message: 'Deleted successfully.' };
    default:
      return result;
  }
}

/** A 400 naming the key field for a path segment that cannot be a key (empty, too long, NUL): no query is made of it. */
const keyProblems = (entity: EntityDescription, keyParts: readonly string[]): Problem[] =>
  entity.key.flatMap((field, index) => {
    const problem = index < keyParts.length ? keyFieldProblem(entity, field, keyParts[index]) : undefined;
    return problem ? [{ field, message: problem }] : [];
  });

const badRequest = (problems: Problem[]) =>
  json(400, errorModel(400, problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '), { problems }));

/** A true-or-false parameter (`?trash=`, `?forceAssignment=`), or a problem naming it. */
function readBoolean(name: string, raw: unknown, problems: Problem[]): boolean | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  problems.push({ field: name, message: 'must be true or false' });
  return undefined;
}

export function useRestCompat(options: RestCompatOptions): Plugin {
  let yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>;
  let schema: GraphQLSchema | undefined;
  // The schema does not change while the server runs: taken once, not enveloped per request.
  const schemaOf = (request: Request): GraphQLSchema => {
    const known = schema ?? yoga.getEnveloped({ request }).schema;
    schema = known;
    return known;
  };

  async function runDocument(request: Request, serverContext: object, document: DocumentNode, variables: Row) {
    const { schema, execute: run, contextFactory } = yoga.getEnveloped({ request, params: { variables }, ...serverContext });
    return (await run({ schema, document, variableValues: variables, contextValue: await contextFactory() })) as ExecutionResult<{ result: unknown }>;
  }

  const execute = (request: Request, serverContext: object, action: Exclude<Action, 'aggregate'>, collection: Collection, depth: number, variables: Row) =>
    runDocument(request, serverContext, operationFor(action, collection.entity, depth), variables);

  /** The 400 for query parameters a route of the CRM (crmParameters) does not take. */
  function otherParameters(url: URL, taken: readonly string[]): Response | undefined {
    const problems: Problem[] = [];
    problems.push(...parametersOtherThan(taken, parseQueryString(url.search, problems)));
    return problems.length > 0 ? badRequest(problems) : undefined;
  }

  async function leadHistory(request: Request, url: URL, serverContext: object, collection: Collection, id: string): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return json(405, errorModel(405, 'Method Not Allowed: use GET'), { allow: 'GET' });
    const refusal = refusalOf(request, collection, 'read');
    if (refusal) return json(refusal.status, refusal.body);
    const refused = otherParameters(url, crmParameters.history);
    if (refused) return refused;
    const problems: Problem[] = keyProblems(collection.entity, [id]);
    const trash = readBoolean('trash', url.searchParams.get('trash') ?? undefined, problems);
    if (problems.length > 0) return badRequest(problems);
    const result = await runDocument(request, serverContext, leadHistoryDocument, { id, ...(trash !== undefined && { trash }) });
    if (result.errors?.length) return errorsAnswer(result.errors);
    const lead = result.data?.result as { statusHistory: unknown[] } | null | undefined;
    if (!lead) return json(404, errorModel(404, 'Not Found: no Lead with that key'));
    return json(200, historyDocument(lead));
  }

  async function consumerPrivacy(request: Request, url: URL, serverContext: object, route: PrivacyRoute, id: string): Promise<Response> {
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    if (method !== route.method) return json(405, errorModel(405, `Method Not Allowed: use ${route.method}`), { allow: route.method });
    const refused = otherParameters(url, route.parameters);
    if (refused) return refused;
    const result = await runDocument(request, serverContext, route.document, { id });
    if (result.errors?.length) return errorsAnswer(result.errors);
    return json(200, result.data?.result);
  }

  async function auditTrail(request: Request, url: URL, serverContext: object): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return json(405, errorModel(405, 'Method Not Allowed: use GET'), { allow: 'GET' });
    const refused = otherParameters(url, crmParameters.audit);
    if (refused) return refused;
    const parsed = auditTrailVariables(url.searchParams);
    if ('problem' in parsed) return json(400, errorModel(400, parsed.problem));
    const result = await runDocument(request, serverContext, auditTrailDocument, parsed.variables);
    if (result.errors?.length) return errorsAnswer(result.errors);
    return json(200, { docs: result.data?.result });
  }

  function errorsAnswer(errors: readonly GraphQLError[]): Response {
    const { status, body, headers } = restError(errors.map((error) => ('toJSON' in error ? error.toJSON() : error)));
    return json(status, body, headers);
  }

  async function handle(request: Request, url: URL, serverContext: object): Promise<Response> {
    const [, , slug = '', ...keyParts] = url.pathname.split('/').map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    });
    if (slug.toLowerCase() === 'audit' && keyParts.length === 0) return auditTrail(request, url, serverContext);
    const extra = options.extraRoutes?.get(slug.toLowerCase());
    if (extra) return extra(request, keyParts);
    if (slug.toLowerCase() === 'identify' && keyParts.length === 0) {
      const refused = request.method === 'POST' ? otherParameters(url, crmParameters.identify) : undefined;
      if (refused) return refused;
      return handleIdentify(request, options.bodyLimitBytes, (document, variables) => runDocument(request, serverContext, document, variables));
    }
    if (slug.toLowerCase() === 'webhooks') {
      const run = (document: DocumentNode, variables: Row) => runDocument(request, serverContext, document, variables);
      return handleWebhooks(request, url, keyParts, schemaOf(request), options.bodyLimitBytes, run);
    }
    const collection = collectionFor(slug);
    const { entity } = collection ?? {};
    if (entity?.name === 'WebEvent' && keyParts.length === 1 && keyParts[0].toLowerCase() === 'batch') {
      if (request.method !== 'POST') return json(405, errorModel(405, 'Method Not Allowed: use POST'), { allow: 'POST' });
      const problems: Problem[] = [];
      const query = parseQueryString(url.search, problems);
      problems.push(...unknownParameters('batch', query, entity));
      const depthParam = parseDepth(query.depth);
      if ('problem' in depthParam) problems.push({ field: 'depth', message: depthParam.problem.replace(/^depth: /, '') });
      if (problems.length > 0 || 'problem' in depthParam) return badRequest(problems);
      const schema = schemaOf(request);
      const call = { request, schema, costCheck: options.costCheck, depth: depthParam.depth };
      return handleWebEventBatch(request, depthParam.depth, schema, async (document, variables) => {
        const direct = options.directIngest === false ? undefined : await createWebEventsDirectly(call, document, variables);
        return direct ?? runDocument(request, serverContext, document, variables);
      });
    }
    if (entity?.name === 'Lead' && keyParts.length === 2 && keyParts[1].toLowerCase() === 'history') {
      return leadHistory(request, url, serverContext, collection!, keyParts[0]);
    }
    const privacy = entity?.name === 'Consumer' && keyParts.length === 2 ? privacyRoute(keyParts[1]) : undefined;
    if (privacy) return consumerPrivacy(request, url, serverContext, privacy, keyParts[0]);
    const restoring = !!entity?.trash && keyParts.length === entity.key.length + 1 && keyParts.at(-1)!.toLowerCase() === 'restore';
    if (restoring && request.method !== 'POST') return json(405, errorModel(405, 'Method Not Allowed: use POST'), { allow: 'POST' });
    // A route of its own (`/count`) goes before a key: as in Payload, no document is read by that id.
    const segment = keyParts.length === 1 ? restRoutes.find((route) => route.segment === keyParts[0].toLowerCase())?.segment : undefined;
    if (!collection || !entity || (!segment && !restoring && keyParts.length > 0 && keyParts.length !== entity.key.length)) {
      return json(404, errorModel(404, 'Not Found: no such route'));
    }
    const onDocument = !segment && keyParts.length > 0;
    // HEAD is GET without the body (Node's server leaves the body out of a HEAD's answer).
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const action = restoring
      ? 'update'
      : restRoutes.find((route) => route.method === method && route.onDocument === onDocument && route.segment === segment)?.action;
    if (!action) return methodNotAllowed(onDocument, segment);
    const refusal = refusalOf(request, collection, action);
    if (refusal) return json(refusal.status, refusal.body);

    const problems: Problem[] = onDocument || restoring ? keyProblems(entity, keyParts) : [];
    const query = parseQueryString(url.search, problems);
    const format = action === 'list' ? exportFormatOf(request, query, problems) : undefined;
    if (format) {
      problems.push(...unknownParameters('export', query, entity));
      const trash = entity.trash ? readBoolean('trash', query.trash, problems) : undefined;
      if (problems.length > 0) return badRequest(problems);
      return answerExport({
        entity,
        slug: collection.slug,
        format,
        query,
        trash,
        apiKey: apiKeyOf(request) ?? null,
        cutOff: cutOffOf(serverContext),
        schema: schemaOf(request),
      });
    }
    problems.push(...(restoring ? parametersOtherThan(crmParameters.restore, query) : unknownParameters(action, query, entity)));
    const depthParam = parseDepth(query.depth);
    if ('problem' in depthParam) problems.push({ field: 'depth', message: depthParam.problem.replace(/^depth: /, '') });
    const depth = 'depth' in depthParam ? depthParam.depth : 0;
    const variables: Row = Object.fromEntries(entity.key.map((field, index) => [field, keyParts[index]]));
    const trash = entity.trash ? readBoolean('trash', query.trash, problems) : undefined;
    if (trash !== undefined && (action === 'list' || action === 'read' || action === 'count')) variables.trash = trash;
    // What a call on a record in the trash does: a restore, or with ?trash=true a purge (writes/delete.ts).
    const trashAction = restoring ? 'restore' : action === 'delete' && trash ? 'purge' : undefined;

    const list = action === 'list' ? listArguments(entity, query, problems) : undefined;
    if (list) Object.assign(variables, list);
    if (action === 'count') variables.filter = whereArgument(entity, query, problems);
    const aggregate = action === 'aggregate' ? { ...aggregateArguments(entity, query, problems), trash } : undefined;
    const many = action === 'updateMany' || action === 'deleteMany';
    if (many) {
      if (query.where === undefined)
        problems.push({ field: 'where', message: 'is required: name the documents to change (where[id][exists]=true for all of them)' });
      else variables.where = whereArgument(entity, query, problems);
    }
    const force = readBoolean('forceAssignment', query.forceAssignment, problems);
    if (force !== undefined) variables.forceAssignment = force;
    if ((action === 'create' || action === 'update' || action === 'updateMany') && !restoring) {
      const read = await readJsonBody(request, options.bodyLimitBytes);
      if ('error' in read) return json(read.status, read.error);
      variables.input = toInput(entity, read.body as Row);
    }
    if (problems.length > 0) return badRequest(problems);

    const selection = query.select === undefined ? undefined : readSelect(entity, query.select, 'select', problems);
    let joins: JoinRequest[] | undefined;
    try {
      joins = query.joins === undefined ? undefined : readJoins(entity, query.joins, apiKeyOf(request) ?? null, problems);
    } catch (error) {
      // A where on personal data without pii:read, as a list's.
      if (!(error instanceof GraphQLError)) throw error;
      return errorsAnswer([error]);
    }
    if (joins?.length && list && (list.all || list.limit > config.pageSize.max))
      problems.push({ field: 'joins', message: `applies to a page of at most ${config.pageSize.max} documents` });
    const populate = query.populate === undefined ? undefined : readPopulate(query.populate, problems);
    if (problems.length > 0) return badRequest(problems);
    const toDoc = (row: Row) => {
      const whole = toDocument(entity, row, depth, collection.envelope);
      const document = populate ? applyPopulate(entity, whole, populate) : whole;
      return selection ? applySelect(entity, document, selection) : document;
    };
    const run: RunDocument = (document, values) => runDocument(request, serverContext, document, values);
    if (list && (list.all || list.limit > config.pageSize.max)) {
      return answerLongList(run, entity, depth, list, toDoc, (page) => envelope(collection, action, page), cutOffOf(serverContext), trash);
    }
    if (many) {
      const failed = (errors: readonly unknown[]) => {
        const { status, body, headers } = restError(errors.map((error) => (error instanceof GraphQLError ? error.toJSON() : (error as GraphQLFormattedError))));
        return json(status, body, headers);
      };
      const bulkEnvelope = (body: Row, success: boolean) => (collection.envelope === 'commerce' ? { data: body, success } : body);
      const verb = action === 'updateMany' ? 'update' : 'delete';
      return answerBulk(run, operationFor(action, entity, depth), verb, entity, variables, toDoc, bulkEnvelope, failed);
    }
    if (action === 'count') {
      const total = await countDocuments(run, entity, variables.filter, trash);
      return total instanceof Response ? total : json(200, envelope(collection, action, { totalDocs: total }));
    }
    if (action === 'aggregate') {
      const request = aggregate ?? aggregateArguments(entity, query, problems);
      const result = await run(aggregateOperation(entity, request), aggregateVariables(request));
      if (result.errors?.length) {
        const { status, body, headers } = restError(result.errors.map((error) => ('toJSON' in error ? error.toJSON() : error)));
        return json(status, body, headers);
      }
      return json(200, envelope(collection, action, aggregateAnswer(entity, request, result.data!.result as Row)));
    }
    // A compiled read answers the whole document as the database built it: a `select` is the executor's.
    if (options.compiledReads !== false && !selection && !populate && !joins?.length && trash === undefined && (action === 'read' || action === 'list')) {
      const read = { request, schema: schemaOf(request), costCheck: options.costCheck, collection, depth, reader: { apiKey: apiKeyOf(request) ?? null } };
      const answer = await compiledAnswer(list ? { ...read, list } : { ...read, key: keyParts });
      if (answer) return answer;
    }
    const direct =
      action === 'create' && entity.name === 'WebEvent' && options.directIngest !== false
        ? await createWebEventDirectly(
            { request, schema: schemaOf(request), costCheck: options.costCheck, depth },
            operationFor(action, entity, depth),
            variables,
          )
        : undefined;
    const result =
      direct ??
      (trashAction
        ? await runDocument(request, serverContext, operationFor(trashAction, entity, depth), variables)
        : await execute(request, serverContext, action, collection, depth, variables));
    if (result.errors?.length) return errorsAnswer(result.errors);
    const data = result.data?.result as Row | null | undefined;
    if (!data) return notFound(entity);
    const body = action === 'list' ? { ...data, docs: (data.docs as Row[]).map(toDoc) } : toDoc(data);
    if (joins?.length) await addJoins(entity, action === 'list' ? (body.docs as Row[]) : [body], joins);
    return json(
      successStatus(collection, action),
      trashAction ? { doc: body, message: trashAction === 'restore' ? 'Restored successfully.' : 'Deleted for good.' } : envelope(collection, action, body),
    );
  }

  /** The vendor event routes: POST with a key that may write, refused before the body is read. */
  async function handleVendorEvent(request: Request, url: URL, serverContext: object): Promise<Response> {
    if (request.method !== 'POST') return json(405, errorModel(405, 'Method Not Allowed: use POST'), { allow: 'POST' });
    const key = apiKeyOf(request);
    if (!key?.scopes.includes('write')) {
      const { status, body, headers } = restError([(key ? new ForbiddenError('write') : new UnauthenticatedError()).toJSON()]);
      return json(status, body, headers);
    }
    const problems: Problem[] = [];
    const query = parseQueryString(url.search, problems);
    problems.push(...Object.keys(query).map((name) => ({ field: name, message: 'is not a query parameter of this route (it takes none)' })));
    if (problems.length > 0) return badRequest(problems);
    const context = {
      run: (document: DocumentNode, variables: Row) => runDocument(request, serverContext, document, variables),
      consumerWith,
      addCustomerByDefinition,
      mayRead: key.scopes.includes('read'),
    };
    const handler = url.pathname === vendorEventPaths.capillary ? handleCapillaryEvent : handleVoucherifyEvent;
    return handler(request, options.bodyLimitBytes, context);
  }

  return {
    onYogaInit({ yoga: instance }) {
      yoga = instance as typeof yoga;
    },
    async onRequest({ request, url, serverContext, endResponse }) {
      if (url.pathname === vendorEventPaths.capillary || url.pathname === vendorEventPaths.voucherify) {
        // A vendor event is a write: the request reads the primary from the start.
        endResponse(await withinRequest(request, true, () => handleVendorEvent(request, url, serverContext ?? {})));
        return;
      }
      if (!url.pathname.toLowerCase().startsWith('/api/')) return;
      // A GET writes nothing: its reads, compiled ones included, may go to the read replica.
      const writes = request.method !== 'GET' && request.method !== 'HEAD';
      endResponse(await withinRequest(request, writes, () => handle(request, url, serverContext ?? {})));
    },
  };
}
