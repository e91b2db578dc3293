// The baseline: a bare node:http server answering each benchmark scenario with the best SQL a
// careful engineer would write for the same answer (bench/baselines/, one statement per request).
// It has no GraphQL, no keys, no limits and checks bodies only as far as the SQL needs: it shows
// what the machine and PostgreSQL can do, and every figure of the server is read as a ratio to it.
// The runner checks that both answer the same before it times them.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createLead, createLeadWithRules, type FlatLeadInput } from './baselines/create-lead.js';
import { statementsSent } from './baselines/database.js';
import { eventDocument, eventKeysDocument, storeEvents, type WebEventInput } from './baselines/ingest.js';
import { webEventLookup } from './baselines/lookup-graphql.js';
import { webEventDocument } from './baselines/lookup-rest.js';
import { nestedLeads } from './baselines/nested-graphql.js';
import { nestedLeadDocuments } from './baselines/nested-rest.js';

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

const isEvent = (value: unknown): value is WebEventInput =>
  typeof value === 'object' && value !== null && typeof (value as WebEventInput).id === 'string' && typeof (value as WebEventInput).name === 'string';

function send(response: ServerResponse, status: number, body: string) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(body);
}

// Requests answered, but for /metrics and /health: the runner divides statements by them.
let requests = 0;

async function answer(request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const route = `${request.method} ${url.pathname}`;
  const number = (name: string, fallback: number) => Number(url.searchParams.get(name) ?? fallback);
  if (route === 'GET /health') return send(response, 200, '{"status":"ok"}');
  if (route === 'GET /metrics') return send(response, 200, JSON.stringify({ requests, statements: statementsSent() }));
  requests += 1;
  if (route === 'GET /graphql/leads') return send(response, 200, await nestedLeads(number('first', 100)));
  if (route === 'GET /leads') return send(response, 200, await nestedLeadDocuments(number('limit', 10)));
  if (route === 'GET /graphql/webevent') return send(response, 200, await webEventLookup(url.searchParams.get('id') ?? ''));
  const lookup = /^GET \/webevents\/([^/]+)$/.exec(route);
  if (lookup) {
    const body = await webEventDocument(decodeURIComponent(lookup[1]));
    return body ? send(response, 200, body) : send(response, 404, '{"success":false}');
  }
  if (route === 'POST /graphql/createLead') return send(response, 200, await createLead((await readJson(request)) as FlatLeadInput));
  if (route === 'POST /graphql/createLeadWithRules') return send(response, 200, await createLeadWithRules((await readJson(request)) as FlatLeadInput));
  if (route === 'POST /webevents') {
    const event = await readJson(request);
    if (!isEvent(event)) return send(response, 400, '{"success":false}');
    const created = await storeEvents([event]);
    return send(response, 200, JSON.stringify({ data: eventDocument(event, created), success: true }));
  }
  if (route === 'POST /webevents/batch') {
    const body = await readJson(request);
    const events = Array.isArray(body) ? body : (body as { batch?: unknown }).batch;
    if (!Array.isArray(events) || !events.every(isEvent)) return send(response, 400, '{"success":false}');
    const created = await storeEvents(events);
    const data = events.map((event, index) => ({ index, success: true, stored: created.events.has(event.id), data: eventKeysDocument(event, created) }));
    return send(response, 200, JSON.stringify({ data, success: true }));
  }
  send(response, 404, '{"success":false}');
}

const server = createServer((request, response) => {
  answer(request, response).catch((error: unknown) => send(response, 500, JSON.stringify({ error: String(error) })));
});
server.listen(Number(process.env.PORT), '127.0.0.1');
