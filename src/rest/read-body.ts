// Reads a REST request's JSON body within the size limit: 413 over the limit, 415 when it is not
// JSON, 400 when it is not UTF-8, nests too deep, does not parse or is not an object.
import { errorModel } from '../http/error-response.js';
import { decodeUtf8, parseJson } from '../http/json-body.js';

export type BodyResult = { body: Record<string, unknown> | unknown[] } | { status: number; error: object };

export async function readJsonBody(request: Request, limitBytes: number, allowArray = false): Promise<BodyResult> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    return { status: 415, error: errorModel(415, 'Unsupported Media Type: send the body as application/json') };
  }
  const tooLarge = () => ({ status: 413, error: errorModel(413, `Payload Too Large: the body may have at most ${limitBytes} bytes`) });
  const declared = request.headers.get('content-length');
  if (Number(declared ?? 0) > limitBytes) return tooLarge();
  // A body of a declared length (Node's parser holds it to that length) is read whole, at once: a
  // stream reader and its async iterator cost a single-post ingest more than its JSON did. Without
  // one (chunked), it is read a chunk at a time and refused as soon as it is over the limit.
  const bytes = declared === null ? await readWithin(request, limitBytes) : new Uint8Array(await request.arrayBuffer());
  if (bytes === undefined || bytes.byteLength > limitBytes) return tooLarge();
  const text = decodeUtf8(bytes);
  if (text === undefined) return { status: 400, error: errorModel(400, 'body: is not valid UTF-8') };
  if (text.trim() === '') return { status: 400, error: errorModel(400, 'Missing Required Information: the body is empty') };
  const parsed = parseJson(text);
  if ('problem' in parsed) return { status: 400, error: errorModel(400, `body: ${parsed.problem}`) };
  const body = parsed.value;
  if (!body || typeof body !== 'object' || (Array.isArray(body) && !allowArray)) {
    return { status: 400, error: errorModel(400, 'body: must be a JSON object') };
  }
  return { body: body as Record<string, unknown> };
}

/** The body, read a chunk at a time; undefined as soon as it is over `limitBytes`. */
async function readWithin(request: Request, limitBytes: number): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limitBytes) {
        // Left unread rather than cancelled: the answer's close drains the rest (server.ts).
        reader.releaseLock();
        return undefined;
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}
