// GraphQL queries of a fixed shape answered by one statement that writes the response's JSON
// (compiled/graphql-operation.ts), in place of the executor, after everything before execution
// has run as for any request: parsing, validation and its limits, the cost limit, the caller's
// key. The text goes out as the database wrote it (Yoga sends a result's own `stringify`); a
// plugin that reads the result's data gets it parsed. Whatever the statement cannot answer the
// executor's way, and any error, is the executor's: it answers as it always has.
import { getOperationAST, getVariableValues, type DocumentNode, type ExecutionArgs, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { rootTypeScopes } from '../auth/scopes.js';
import { compileOperation, type CompiledOperation } from '../compiled/graphql-operation.js';
import { withMarkedValues } from '../compiled/json-text.js';
import { runBuilt } from '../compiled/prepared.js';
import type { Context } from '../context.js';

// Per document (Yoga caches parsed documents, so a query sent again is the same object), per
// operation and per whether the reader sees personal data.
const compiled = new WeakMap<DocumentNode, Map<string, CompiledOperation | undefined>>();

function compiledFor(args: ExecutionArgs, operation: OperationDefinitionNode, reader: Context['apiKey']): CompiledOperation | undefined {
  const personal = !!reader?.scopes.includes('pii:read');
  const id = `${operation.name?.value ?? ''}:${personal}`;
  const known = compiled.get(args.document) ?? new Map<string, CompiledOperation | undefined>();
  compiled.set(args.document, known);
  if (!known.has(id)) known.set(id, compileOperation(args.schema, args.document, operation, { apiKey: reader }));
  return known.get(id);
}

/** GraphQL's JSONObject serializes objects only; anything else is the executor's to refuse. */
function jsonObject(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value;
}

async function compiledResult(args: ExecutionArgs): Promise<ExecutionResult | undefined> {
  const context = args.contextValue as Context;
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return undefined;
  const statement = compiledFor(args, operation, context.apiKey);
  if (!statement) return undefined;
  const variables = getVariableValues(args.schema, operation.variableDefinitions ?? [], (args.variableValues ?? {}) as Record<string, unknown>);
  if (variables.errors) return undefined;
  let text: string;
  try {
    const [row] = await runBuilt<{ body: string }>(statement.sql, statement.parameters(variables.coerced));
    text = withMarkedValues(row.body, context, jsonObject);
  } catch {
    // A value the executor refuses (a negative first, a JSONObject that is not an object), or the
    // database's error (a key it cannot hold, a database away): the executor answers, as it always has.
    return undefined;
  }
  let data: unknown;
  return {
    get data() {
      data ??= (JSON.parse(text) as { data: unknown }).data;
      return data as Record<string, unknown>;
    },
    stringify: () => text,
  } as ExecutionResult;
}

/** `enabled: false` leaves every query to the executor (tests compare the two). */
export function useCompiledQueries({ enabled = true } = {}): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue as Context;
      // GraphQL requests only: REST's operations reshape the executor's answer (rest/compiled-read.ts
      // builds its own), and only for a caller the root type lets in.
      if (!enabled || !context.apiKey?.scopes.includes(rootTypeScopes.query)) return;
      if (new URL(context.request.url).pathname !== '/graphql') return;
      setExecuteFn(async (executionArgs) => (await compiledResult(executionArgs)) ?? executeFn(executionArgs));
    },
  };
}
