// Create mutations whose answer is columns of the record, answered without the executor and
// plugin-prisma (compiled/graphql-mutation.ts), after everything before execution has run as for
// any request: parsing, validation and its limits, the cost limit, the caller's key. The write is
// the mutation's own (the write core plans, authorizes and validates it as always), so events,
// webhooks, subscriptions and the audit trail follow it as they follow the executor's. Whatever
// is not compiled, and variables or arguments that do not coerce, are the executor's.
import { getArgumentValues, getOperationAST, getVariableValues, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { rootTypeScopes } from '../auth/scopes.js';
import { coerceVariables } from '../compiled/coerce-variables.js';
import { compileMutation, runMutation, type CompiledMutation } from '../compiled/graphql-mutation.js';
import type { Context } from '../context.js';

// Per document (Yoga caches parsed documents, so a mutation sent again is the same object) and operation.
const compiled = new WeakMap<DocumentNode, Map<string, CompiledMutation | undefined>>();

function compiledFor(args: ExecutionArgs): CompiledMutation | undefined {
  const known = compiled.get(args.document) ?? new Map<string, CompiledMutation | undefined>();
  compiled.set(args.document, known);
  const name = args.operationName ?? '';
  if (!known.has(name)) {
    const operation = getOperationAST(args.document, args.operationName);
    known.set(name, operation ? compileMutation(args.schema, args.document, operation) : undefined);
  }
  return known.get(name);
}

function compiledResult(args: ExecutionArgs): Promise<ExecutionResult> | undefined {
  const mutation = compiledFor(args);
  if (!mutation) return undefined;
  const operation = getOperationAST(args.document, args.operationName)!;
  const inputs = (args.variableValues ?? {}) as Record<string, unknown>;
  // By the fields given (compiled/coerce-variables.ts); what it leaves, graphql-js coerces.
  const variables = coerceVariables(args.schema, operation, inputs) ?? getVariableValues(args.schema, operation.variableDefinitions ?? [], inputs).coerced;
  if (!variables) return undefined;
  let fieldArgs: Record<string, unknown>;
  try {
    fieldArgs = getArgumentValues(mutation.field, mutation.node, variables);
  } catch {
    return undefined;
  }
  return runMutation(mutation, fieldArgs, args.contextValue as Context);
}

/** `enabled: false` leaves every mutation to the executor (tests compare the two). */
export function useCompiledMutations({ enabled = true } = {}): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue as Context;
      // GraphQL requests only (REST's operations reshape the executor's answer), and only for a
      // caller the root type lets in: a refusal is the executor's.
      if (!enabled || !context.apiKey?.scopes.includes(rootTypeScopes.mutation)) return;
      if (new URL(context.request.url).pathname !== '/graphql') return;
      setExecuteFn((executionArgs) => compiledResult(executionArgs) ?? executeFn(executionArgs));
    },
  };
}
