// The Response the server's own routes answer with (REST, health, metrics, pages, errors): the
// Fetch implementation Yoga's node adapter is built on. A string body of it is written to the
// socket at once; a string in Node's global Response (undici) sits in a ReadableStream, which the
// adapter reads and writes chunk by chunk a tick apart, with chunked encoding: 10-13% of a REST
// lookup's CPU went to making those streams and to the second write. A `Response` check
// (`instanceof`) must use this one too.
export { Response } from '@whatwg-node/fetch';
