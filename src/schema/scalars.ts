import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder.js';

export const DateTimeScalar = builder.scalarType('DateTime', {
  description: 'An instant, as an ISO 8601 string in UTC (2026-11-22T10:00:00.000Z)',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO 8601 date-time string');
    return date;
  },
  parseLiteral: (ast) => {
    const date = ast.kind === Kind.STRING ? new Date(ast.value) : new Date(NaN);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO 8601 date-time string');
    return date;
  },
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
