// The size limit of a GraphQL request's body (BODY_LIMIT_BYTES). A body that announces its size
// (Content-Length) is refused before a byte of it is read when that is too large, and otherwise
// needs no counting: Node's HTTP parser delivers exactly that many bytes. Only a body without one
// (chunked) is counted as it is read. Yoga's own limiter (maxRequestBodySize, off in yoga.ts)
// counts every body, through a TransformStream and a new Request per request: about a tenth of the
// CPU of a small request. The REST layer reads its bodies within the same limit itself.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { errorResponse, isRestRequest } from '../http/error-response.js';

const tooLarge = (limitBytes: number) => `The body may have at most ${limitBytes} bytes`;

/** The request with its body counted as it is read: past `limitBytes` reading fails with a 413. */
function counted(request: Request, limitBytes: number): Request {
  let bytesRead = 0;
  const body = request.body!.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytesRead += chunk.byteLength;
        if (bytesRead > limitBytes) {
          controller.error(new GraphQLError(tooLarge(limitBytes), { extensions: { code: 'PAYLOAD_TOO_LARGE', http: { status: 413 } } }));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  return new Request(request.url, { method: request.method, headers: request.headers, signal: request.signal, body, duplex: 'half' } as RequestInit);
}

export function useGraphQLBodyLimit(limitBytes: number): Plugin {
  return {
    onRequest({ request, endResponse }) {
      if (isRestRequest(request)) return;
      if (Number(request.headers.get('content-length') ?? 0) > limitBytes) {
        endResponse(errorResponse(request, 413, 'PAYLOAD_TOO_LARGE', tooLarge(limitBytes)));
      }
    },
    // After the parsers are chosen (plugins/use-strict-json-parser.ts comes earlier), so this
    // wraps the one that reads.
    onRequestParse({ request, requestParser, setRequestParser }) {
      if (request.headers.has('content-length') || !request.body || !requestParser) return;
      setRequestParser((unread) => requestParser(counted(unread, limitBytes)));
    },
  };
}
