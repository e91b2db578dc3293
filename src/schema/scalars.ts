import { GraphQLError, Kind } from 'graphql';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { builder } from '../builder.js';
import type { ScalarType } from '../model/entity.js';
import { isCalendarDate } from '../model/rules.js';

// ISO 8601 with a date, a time and a zone; years 0001-9999, the range PostgreSQL and JavaScript share.
const isoDateTime = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): Date {
  // A value coerced once already (a REST batch checks its events before they run) is a Date.
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  // A day the calendar has: JavaScript would read 2026-02-30 as March 2nd.
  const date = typeof value === 'string' && isoDateTime.test(value) && isCalendarDate(value.slice(0, 10)) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) {
    throw new GraphQLError('DateTime must be an ISO 8601 date-time with a time zone, such as 2026-11-22T10:00:00Z');
  }
  return date;
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
