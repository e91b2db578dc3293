// Yoga's own parsers decode a POST body leniently (bytes that are not UTF-8 become U+FFFD, and a
// mutation stores them) and parse JSON of any depth. These replace the parsers of the requests
// this server accepts, JSON POSTs (use-csrf-prevention.ts refuses other POSTs) and GETs, with the
// REST layer's strict reading (http/json-body.ts), and a GET's parameters are decoded as strictly.
// Yoga's body size limit still wraps them.
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { InputError } from '../errors.js';
import { decodeUtf8, parseJson } from '../http/json-body.js';
import { formDecoded, queryParameters } from '../http/query-parameters.js';

const jsonType = /^application\/(graphql\+)?json\s*(;|$)/i;

/** The JSON text's value; bad input naming `field` when the text is not JSON, or nests too deep. */
function jsonValue(text: string, field: string): unknown {
  const parsed = parseJson(text);
  if ('problem' in parsed) throw new InputError([{ field, message: parsed.problem }]);
  return parsed.value;
}

async function parsePost(request: Request): Promise<GraphQLParams | GraphQLParams[]> {
  const text = decodeUtf8(new Uint8Array(await request.arrayBuffer()));
  if (text === undefined) throw new InputError([{ field: 'body', message: 'is not valid UTF-8' }]);
  const body = jsonValue(text, 'body');
  if (!body || typeof body !== 'object') throw new InputError([{ field: 'body', message: 'must be a JSON object' }]);
  // Its members are checked by Yoga next (a query that is a string, variables that are an object),
  // all but operationName, which Yoga let through to answer 200: a request that is not a
  // GraphQL-over-HTTP request is a 400 under either media type.
  const { operationName } = body as { operationName?: unknown };
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    throw createGraphQLError('Invalid "operationName" param: it must be a string', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
  }
  return body as GraphQLParams | GraphQLParams[];
}

// The parameters a GET may carry. A Set: the name comes from the request.
const getParameters = new Set(['query', 'variables', 'extensions', 'operationName']);

// The query string is decoded strictly too (http/query-parameters.ts): `variables` that are not
// UTF-8 are refused as a body that is not UTF-8 is, and so is a document in `query`.
function parseGet(request: Request): GraphQLParams {
  const read = queryParameters(new URL(request.url).search);
  if ('notUtf8' in read) {
    const name = formDecoded(read.notUtf8.rawName);
    throw new InputError([{ field: name !== undefined && getParameters.has(name) ? name : 'query string', message: 'is not valid UTF-8' }]);
  }
  // The first of a name, as URLSearchParams.get gives it.
  const text = (name: string) => read.parameters.find(([key]) => key === name)?.[1];
  const json = (name: string) => {
    const value = text(name);
    return value ? jsonValue(value, name) : undefined;
  };
  return {
    operationName: text('operationName') || undefined,
    query: text('query') || undefined,
    variables: json('variables') as GraphQLParams['variables'],
    extensions: json('extensions') as GraphQLParams['extensions'],
  };
}

export function useStrictJsonParser(): Plugin {
  return {
    onRequestParse({ request, setRequestParser }) {
      if (request.method === 'GET') setRequestParser(parseGet);
      else if (request.method === 'POST' && jsonType.test(request.headers.get('content-type')?.split(',')[0] ?? '')) setRequestParser(parsePost);
    },
  };
}
