import { GraphQLError, Kind } from 'graphql';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { builder } from '../builder.js';
import type { ScalarType } from '../model/entity.js';
import { instantOf } from '../model/rules.js';

function parseDateTime(value: unknown): Date {
  // A value coerced once already (a REST batch checks its events before they run) is a Date.
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  const read = instantOf(typeof value === 'string' ? value : '');
  if ('problem' in read) throw new GraphQLError(`DateTime ${read.problem}`);
  return read.instant;
}

export const DateTimeScalar = builder.scalarType('DateTime', {
  description: 'An instant, as an ISO 8601 string with a time zone (2026-11-22T10:00:00.000Z)',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

// A calendar date. Input stays a string so the one validation rule (rules.date) reports it with
// the field's path, as REST does; output prints the stored date as YYYY-MM-DD.
export const DateScalar = builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: (value) => {
    if (typeof value !== 'string') throw new GraphQLError('Date must be a string in the form YYYY-MM-DD');
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string in the form YYYY-MM-DD');
    return ast.value;
  },
});

// A JSON object (an event's properties): in GraphQL a JSONObject, in REST plain JSON.
export const JSONObjectScalar = builder.addScalarType('JSONObject', GraphQLJSONObject);

// Any JSON value: a property's value in a filter.
export const JSONScalar = builder.addScalarType('JSON', GraphQLJSON);

/** The GraphQL type of a field of this type in the entity descriptions. */
export function graphqlScalarOf(type: ScalarType) {
  switch (type) {
    case 'Date':
      return DateScalar;
    case 'DateTime':
      return DateTimeScalar;
    case 'JSON':
      return JSONObjectScalar;
    default:
      return type;
  }
}
