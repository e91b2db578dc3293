// REST's web-event ingest (POST /api/webevents and /api/webevents/batch) without the GraphQL
// executor, for a caller who may not read (public ingest, a write-only key): what the executor
// would do around the operation REST translates the call into is done here (its variables coerced
// against the schema, its cost checked, its name noted for the request log, errors masked by the
// same function), the events go to the write core as the mutations send them
// (writes/ingest-queue.ts), and the answer is built from the plans as the executor would complete
// it (write-answer.ts). Planning the answer's selection for plugin-prisma, which such a caller
// never reads, was the largest part of an ingest's CPU. A caller who may read gets stored records,
// which the executor reads; variables the operation refuses are the executor's to answer: for
// those the functions here answer undefined.
import { getOperationAST, getVariableValues, GraphQLError, locatedError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Context } from '../context.js';
import { maskError } from '../mask-error.js';
import { entities } from '../model/entities.js';
import type { CostCheck } from '../plugins/use-cost-limit.js';
import { noteOperation } from '../plugins/use-request-log.js';
import { apiKeyOf } from '../plugins/use-api-key-auth.js';
import { writeRequest } from '../schema/crud.js';
import { describeError } from '../schema/web-event.js';
import { answerWrite } from '../schema/write-answers.js';
import { ingestMany, ingestOne } from '../writes/ingest-queue.js';
import { mayReadStored, writerOf } from '../writes/policy.js';
import { RecordBudget, type WriteOutcome } from '../writes/write.js';
import { answeredFields } from './write-answer.js';

type Row = Record<string, unknown>;

/** What the executor's run of the operation gives: its `result` field, or its errors. */
export interface Executed {
  data?: { result: unknown } | null;
  errors?: readonly GraphQLError[];
}

export interface IngestCall {
  request: Request;
  schema: GraphQLSchema;
  costCheck: CostCheck;
  depth: number;
}

const entity = entities.WebEvent;

type WriteContext = Pick<Context, 'apiKey' | 'writer' | 'sent' | 'budget' | 'receivedAt'>;

/**
 * The context the operation would run with and its coerced `input`, or the executor's answer when
 * its cost is over the limit; undefined when the executor must run it.
 */
function prepare(
  call: IngestCall,
  document: DocumentNode,
  variables: Row,
  /** `input` was coerced against the schema's input type already (a batch's events, one by one): coercing it again gives it back. */
  coerced = false,
): { context: WriteContext; input: unknown } | Executed | undefined {
  const apiKey = apiKeyOf(call.request) ?? null;
  const writer = writerOf(apiKey);
  if (mayReadStored(writer)) return undefined;
  const operation = getOperationAST(document);
  if (!operation) return undefined;
  let input = variables.input;
  if (!coerced) {
    const values = getVariableValues(call.schema, operation.variableDefinitions ?? [], variables);
    if (values.errors) return undefined;
    input = values.coerced.input;
  }
  noteOperation(call.request, operation);
  const tooCostly = call.costCheck({ schema: call.schema, document, variableValues: variables });
  if (tooCostly) return { errors: [tooCostly] };
  return { context: { apiKey, writer, sent: new Map(), budget: new RecordBudget(), receivedAt: new Date() }, input };
}

/** An error thrown by the `result` field, as the executor would answer it (masked). */
function failed(error: unknown): Executed {
  const masked = maskError(locatedError(error, undefined, ['result']), 'Unexpected error.');
  return { data: { result: null }, errors: [masked instanceof GraphQLError ? masked : new GraphQLError(masked.message)] };
}

/** POST /api/webevents: `variables.input` is the body as toInput made it. */
export async function createWebEventDirectly(call: IngestCall, document: DocumentNode, variables: Row): Promise<Executed | undefined> {
  const prepared = prepare(call, document, variables);
  if (!prepared || !('context' in prepared)) return prepared;
  const { context, input } = prepared;
  try {
    const outcome = await ingestOne({ ...writeRequest(context, entity, 'ingest', input as Row), forceAssignment: false });
    const row = (await answerWrite(context, entity, outcome, {}, () => undefined, call.depth)) as Row;
    return { data: { result: answeredFields(call.schema, context, entity, row, call.depth) } };
  } catch (error) {
    return failed(error);
  }
}

/** POST /api/webevents/batch: `variables.input` is the list of events the route found valid, each coerced already. */
export async function createWebEventsDirectly(call: IngestCall, document: DocumentNode, variables: Row): Promise<Executed | undefined> {
  const prepared = prepare(call, document, variables, true);
  if (!prepared || !('context' in prepared)) return prepared;
  const { context, input } = prepared;
  try {
    const outcomes = await ingestMany((input as Row[]).map((event, index) => writeRequest(context, entity, 'ingest', event, `input.${index}`)));
    // Every event's personal values are noted before any answer shows one, as the executor's
    // resolvers note them before the fields below them complete.
    const rows = await Promise.all(
      outcomes.map((outcome) => (outcome.status === 'failed' ? null : answerWrite(context, entity, outcome, {}, () => undefined, call.depth))),
    );
    const result = outcomes.map((outcome: WriteOutcome, index) => ({
      index,
      ok: outcome.status !== 'failed',
      stored: outcome.status === 'failed' ? null : outcome.status === 'written',
      event: rows[index] ? answeredFields(call.schema, context, entity, rows[index] as Row, call.depth) : null,
      error: outcome.status === 'failed' ? describeError(outcome.error) : null,
    }));
    return { data: { result } };
  } catch (error) {
    return failed(error);
  }
}
