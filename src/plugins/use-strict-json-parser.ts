// Yoga's own parsers decode a POST body leniently (bytes that are not UTF-8 become U+FFFD, and a
// mutation stores them) and parse JSON of any depth. These replace the parsers of the requests
// this server accepts, JSON POSTs (use-csrf-prevention.ts refuses other POSTs) and GETs, with the
// REST layer's strict reading (http/json-body.ts). Yoga's body size limit still wraps them.
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { InputError } from '../errors.js';
import { decodeUtf8, parseJson } from '../http/json-body.js';

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
  // Its members are checked by Yoga next (a query that is a string, variables that are an object).
  return body as GraphQLParams | GraphQLParams[];
}

function parseGet(request: Request): GraphQLParams {
  const search = new URL(request.url).searchParams;
  const json = (name: string) => {
    const text = search.get(name);
    return text ? jsonValue(text, name) : undefined;
  };
  return {
    operationName: search.get('operationName') || undefined,
    query: search.get('query') || undefined,
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
