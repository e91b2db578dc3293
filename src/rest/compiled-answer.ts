// The answer to a REST read whose document the database builds (compiled-read.ts), with what the
// GraphQL executor would have done around it: the cost limit of the same operation, its name in
// the request log, database errors masked by the same function, the same 404 and envelopes.
import { Response } from '../http/response.js';
import { getOperationAST, getVariableValues, GraphQLError, locatedError, type GraphQLSchema } from 'graphql';
import { jsonResponse } from '../http/error-response.js';
import { isDatabaseUnavailable } from '../database-unavailable.js';
import { maskError } from '../mask-error.js';
import type { CostCheck } from '../plugins/use-cost-limit.js';
import { noteOperation } from '../plugins/use-request-log.js';
import { pageFacts } from '../schema/crud.js';
import { orderByFromInput } from '../schema/filters.js';
import type { Collection } from './collections.js';
import { compiledDocument, compiledPage } from './compiled-read.js';
import type { DocumentReader } from './document-sql.js';
import { notFound, restError } from './errors.js';
import type { ListArguments } from './list-query.js';
import { operationFor } from './operations.js';

export interface CompiledRead {
  request: Request;
  schema: GraphQLSchema;
  costCheck: CostCheck;
  collection: Collection;
  depth: number;
  reader: DocumentReader;
  /** A read: the record's key, in the entity's key order. */
  key?: string[];
  /** A list. */
  list?: ListArguments;
}

const textResponse = (body: string) => new Response(body, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });

// A cost depends on the operation and on the list sizes its variables give (a list's limit), not
// on keys or ordering: one estimate per operation and limit, for each limit a server has.
const costs = new WeakMap<CostCheck, Map<string, ReturnType<CostCheck>>>();

function costError(read: CompiledRead, variables: Record<string, unknown>) {
  const action = read.list ? 'list' : 'read';
  const id = `${action}:${read.collection.entity.name}:${read.depth}:${read.list?.limit ?? ''}`;
  const known = costs.get(read.costCheck) ?? new Map<string, ReturnType<CostCheck>>();
  costs.set(read.costCheck, known);
  if (!known.has(id))
    known.set(id, read.costCheck({ schema: read.schema, document: operationFor(action, read.collection.entity, read.depth), variableValues: variables }));
  return known.get(id);
}

/** The answer, or undefined when the executor must answer (a list with a `where`, variables it refuses). */
export async function compiledAnswer(read: CompiledRead): Promise<Response | undefined> {
  const { collection, list } = read;
  const { entity } = collection;
  const shape = { depth: read.depth, envelope: collection.envelope, reader: read.reader };
  if (list && (list.filter !== undefined || list.all)) return undefined;
  const action = list ? 'list' : 'read';
  const operation = getOperationAST(operationFor(action, entity, read.depth))!;
  const variables = list
    ? { limit: list.limit, page: list.page, orderBy: list.orderBy }
    : Object.fromEntries(entity.key.map((field, index) => [field, read.key![index]]));
  // Variables the operation would refuse (a sort by a personal field, which no Sort enum holds)
  // are left to the executor, which refuses them as it always has.
  if (getVariableValues(read.schema, operation.variableDefinitions ?? [], variables).errors) return undefined;
  noteOperation(read.request, operation);
  const tooCostly = costError(read, variables);
  if (tooCostly) return json(restError([tooCostly.toJSON()]));
  let body: string;
  try {
    if (list) {
      const page = await compiledPage(entity, list, orderByFromInput(entity, list.orderBy), shape);
      const numbers = { page: list.page, limit: list.limit };
      const facts = {
        totalDocs: page.totalDocs,
        limit: list.limit,
        totalPages: pageFacts.totalPages(numbers, page.totalDocs),
        page: list.page,
        pagingCounter: pageFacts.pagingCounter(numbers),
        hasPrevPage: pageFacts.hasPrevPage(numbers),
        hasNextPage: pageFacts.hasNextPage(numbers, page.totalDocs),
        prevPage: pageFacts.prevPage(numbers),
        nextPage: pageFacts.nextPage(numbers, page.totalDocs),
      };
      body = `{"docs":${page.docs},${JSON.stringify(facts).slice(1)}`;
    } else {
      const document = await compiledDocument(entity, read.key!, shape);
      if (document === undefined) return notFound(entity);
      body = document;
    }
  } catch (error) {
    // A database that cannot serve is answered now (503), not made to fail a second time; any
    // other error is the executor's to answer, as it always has (a key PostgreSQL cannot hold).
    if (!isDatabaseUnavailable(error)) return undefined;
    const masked = maskError(locatedError(error, undefined), 'Unexpected error.');
    return json(restError([masked instanceof GraphQLError ? masked.toJSON() : { message: masked.message }]));
  }
  return textResponse(collection.envelope === 'commerce' ? `{"data":${body},"success":true}` : body);
}

const json = ({ status, body, headers }: ReturnType<typeof restError>) => jsonResponse(status, body, headers);
