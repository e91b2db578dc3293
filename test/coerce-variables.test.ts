// The compiled create's variables (src/compiled/coerce-variables.ts) are coerced by the fields a
// value gives, and must come out as graphql-js's getVariableValues has them: the same values, the
// keys in the same order (the write core lists given fields in it), and what graphql-js refuses or
// handles otherwise left to it (undefined here).
import { getOperationAST, getVariableValues, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { flatLeadInput } from '../bench/scenarios/create-lead.js';
import { coerceVariables } from '../src/compiled/coerce-variables.js';
import { schema } from '../src/schema/index.js';

const document = parse(`mutation Create($input: CreateLeadInput!, $note: String, $many: [String!]) {
  createLead(input: $input) { id }
}`);
const operation = getOperationAST(document)!;

const graphqlJs = (inputs: Record<string, unknown>) => getVariableValues(schema, operation.variableDefinitions ?? [], inputs);

/** Both coercions of `inputs`, as JSON, so that the order of keys counts. */
function both(inputs: Record<string, unknown>) {
  const expected = graphqlJs(inputs);
  expect(expected.errors).toBeUndefined();
  return { ours: JSON.stringify(coerceVariables(schema, operation, inputs)), theirs: JSON.stringify(expected.coerced) };
}

// The benchmark's own input (bench/scenarios/create-lead.ts).
const benchInput = flatLeadInput().input;

describe('coercing a compiled create\u2019s variables by the fields given', () => {
  it('gives what graphql-js gives, keys in the type\u2019s order, for the benchmark\u2019s input and others', () => {
    for (const inputs of [
      { input: benchInput },
      // Keys in another order than the type's, a single value for a list, nulls, an integer for a float.
      { input: { monthlyPayment: 3, bodyStyle: 'suv', phoneNumber: '555', email: 'x@example.com', firstName: null, calls: [1, 2] }, note: null },
      { input: { ...benchInput, leadEvents: [], cashDown: 10.5, agree: false }, many: 'one' },
      { input: benchInput, many: ['a', 'b'], note: 'n' },
    ]) {
      const { ours, theirs } = both(inputs);
      expect(ours).toBe(theirs);
    }
  });

  it('leaves to graphql-js what it refuses: an unknown field, a required one missing or null, a value of the wrong type', () => {
    for (const inputs of [
      { input: { ...benchInput, noSuchField: 1 } },
      { input: { phoneNumber: '555' } },
      { input: { ...benchInput, email: null } },
      { input: { ...benchInput, monthlyPayment: 'a lot' } },
      { input: { ...benchInput, calls: [1, null] } },
      { input: { ...benchInput, latestEvent: 2 ** 31 } },
      { input: 'not an object' },
      { input: [benchInput] },
      {},
    ]) {
      expect(graphqlJs(inputs).errors?.length).toBeGreaterThan(0);
      expect(coerceVariables(schema, operation, inputs)).toBeUndefined();
    }
  });

  it('leaves to graphql-js a @oneOf input and a variable with a default', () => {
    const withOneOf = { input: { ...benchInput, favorites: [{ connect: '1HGCM82633A004352' }] } };
    expect(graphqlJs(withOneOf).errors).toBeUndefined();
    expect(coerceVariables(schema, operation, withOneOf)).toBeUndefined();
    const defaulted = getOperationAST(parse('mutation($input: CreateLeadInput!, $note: String = "n") { createLead(input: $input) { id } }'))!;
    expect(coerceVariables(schema, defaulted, { input: benchInput })).toBeUndefined();
  });
});
