// POST /api/webevents/batch, Segment-style: up to 500 events and 500 KB in `{"batch": [...]}` (or a
// bare array). Each event is checked and stored on its own; the answer lists one result per event,
// in order. Events of the wrong type are answered here, so that one cannot fail the others before
// the rest reach createWebEvents.
import { coerceInputValue, parse, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import { errorModel, jsonResponse } from '../http/error-response.js';
import { entities } from '../model/entities.js';
import { reasonWithoutValues } from '../messages-without-values.js';
import { inRestWords } from './rest-words.js';
import { restError, restPath, statusForCode, unavailableHeaders } from './errors.js';
import { readJsonBody } from './read-body.js';
import { selectionFor } from './selection.js';
import { toDocument } from './to-document.js';
import { toInput } from './to-input.js';
import { maxEventsPerBatch } from '../schema/web-event.js';

export const batchLimits = { events: maxEventsPerBatch, bytes: 500 * 1024 };

type Row = Record<string, unknown>;
type Run = (document: ReturnType<typeof parse>, variables: Row) => Promise<{ data?: Row | null; errors?: readonly { toJSON?: () => object }[] }>;

const documents = new Map<number, ReturnType<typeof parse>>();

function batchDocument(depth: number) {
  let document = documents.get(depth);
  if (!document) {
    document = parse(`mutation RestWebEventBatch($input: [CreateWebEventInput!]!) {
      result: createWebEvents(input: $input) {
        index ok stored event { ${selectionFor(entities.WebEvent, depth)} } error { code message field problems { field message } }
      }
    }`);
    documents.set(depth, document);
  }
  return document;
}

export async function handleWebEventBatch(request: Request, depth: number, schema: GraphQLSchema, run: Run) {
  const json = jsonResponse;
  const read = await readJsonBody(request, batchLimits.bytes, true);
  if ('error' in read) return json(read.status, read.error);
  const events = Array.isArray(read.body) ? read.body : (read.body as Row).batch;
  if (!Array.isArray(events)) return json(400, errorModel(400, 'Missing Required Information: batch: is required (a list of events)'));
  if (events.length > batchLimits.events) return json(400, errorModel(400, `batch: must have at most ${batchLimits.events} events`));

  const inputType = schema.getType('CreateWebEventInput') as GraphQLInputType;
  const results: Row[] = new Array(events.length);
  const valid: { index: number; input: unknown }[] = [];
  events.forEach((event: unknown, index) => {
    if (!event || typeof event !== 'object' || Array.isArray(event)) {
      results[index] = { index, success: false, error: { code: 400, message: `batch.${index}: must be an event object` } };
      return;
    }
    const problems: { field: string; message: string }[] = [];
    const input = coerceInputValue(toInput(entities.WebEvent, event as Row), inputType, (path, _value, error) => {
      const named = /^Field "(\w+)"/.exec(error.message)?.[1];
      const field = restPath([...path, ...(named && !path.includes(named) ? [named] : [])].join('.'));
      problems.push({ field: `batch.${index}${field ? `.${field}` : ''}`, message: inRestWords(field, reasonWithoutValues(error.message)) });
    });
    if (problems.length) {
      const missing = problems.some((problem) => /is required|was not provided/.test(problem.message));
      const message = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
      results[index] = { index, success: false, error: { code: 400, message: missing ? `Missing Required Information: ${message}` : message, problems } };
    } else {
      valid.push({ index, input });
    }
  });

  if (valid.length) {
    const result = await run(batchDocument(depth), { input: valid.map((item) => item.input) });
    if (result.errors?.length) {
      const { status, body, headers } = restError(result.errors.map((error) => (error.toJSON ? error.toJSON() : error)) as never);
      return json(status, body, headers);
    }
    // The database could not serve the batch and stored none of it: the request failed as a whole,
    // and the caller may send it again. Once any event is stored the answer lists each event, so
    // no stored event is reported as failed.
    const outcomes = (result.data?.result ?? []) as Row[];
    const unavailable = (outcome: Row) => (outcome.error as { code?: string } | null)?.code === 'SERVICE_UNAVAILABLE';
    if (outcomes.some(unavailable) && !outcomes.some((outcome) => outcome.ok)) {
      return json(503, errorModel(503, 'Service Unavailable'), unavailableHeaders);
    }
    for (const outcome of outcomes) {
      const index = valid[outcome.index as number].index;
      if (outcome.ok) {
        results[index] = { index, success: true, stored: outcome.stored, data: toDocument(entities.WebEvent, outcome.event as Row, depth, 'commerce') };
      } else {
        const error = outcome.error as { code: string; message: string; field?: string | null; problems: { field: string; message: string }[] };
        const batchPath = (field: string) => `batch.${index}.${restPath(field.replace(/^input\.\d+\.?/, ''))}`.replace(/\.$/, '');
        const problems = error.problems.map((problem) => ({ field: batchPath(problem.field), message: problem.message }));
        // A conflict names one field (a consumer's email another consumer holds): as REST names it.
        const { field } = error;
        const named = field && error.message.startsWith(`${field}: `) ? `${batchPath(field)}: ${error.message.slice(field.length + 2)}` : error.message;
        const message = problems.length ? problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ') : named;
        results[index] = { index, success: false, error: { code: statusForCode(error.code), message, ...(problems.length && { problems }) } };
      }
    }
  }
  return json(200, { data: results, success: results.every((result) => result.success) });
}
