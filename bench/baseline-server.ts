// The baseline: a bare node:http server with pg, answering each benchmark scenario with the best
// hand-written SQL for the same answer. It validates nothing and has no GraphQL, auth or limits:
// it shows what the machine and PostgreSQL can do, so every figure of the real server is a ratio.
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
let statements = 0;
const query = <T extends pg.QueryResultRow>(client: pg.Pool | pg.PoolClient, sql: string, values?: unknown[]) => {
  statements += 1;
  return client.query<T>(sql, values);
};

const leadsSql = `
  SELECT coalesce(json_agg(doc ORDER BY "createdAt", id), '[]') AS docs FROM (
    SELECT l."createdAt", l.id, to_jsonb(l) || jsonb_build_object(
      'salesRep', (SELECT to_jsonb(r) || jsonb_build_object(
          'agent', (SELECT to_jsonb(a) FROM "Agent" a WHERE a.id = r."agentId"),
          'address', (SELECT to_jsonb(ad) || jsonb_build_object('city', jsonb_build_object('name', ad."cityName", 'state', ad."cityStateCode")) FROM "Address" ad WHERE ad.id = r."addressId"),
          'creditBands', (SELECT coalesce(jsonb_agg(x."A"), '[]') FROM "_SalesRepCreditBands" x WHERE x."B" = r.id),
          'templates', (SELECT coalesce(jsonb_agg(x."B"), '[]') FROM "_SalesRepTemplates" x WHERE x."A" = r.id))
        FROM "SalesRep" r WHERE r.id = l."salesRepId"),
      'consumer', (SELECT to_jsonb(c) || jsonb_build_object('addresses', (
          SELECT coalesce(jsonb_agg(to_jsonb(ad) || jsonb_build_object('city', jsonb_build_object('name', ci.name, 'state', ci."stateCode"))), '[]')
          FROM "_ConsumerAddresses" ca JOIN "Address" ad ON ad.id = ca."A" JOIN "City" ci ON ci."stateCode" = ad."cityStateCode" AND ci.name = ad."cityName"
          WHERE ca."B" = c.id))
        FROM "Consumer" c WHERE c.id = l."consumerId"),
      'favorites', (SELECT coalesce(jsonb_agg(to_jsonb(v) || jsonb_build_object('spec', (SELECT to_jsonb(s) FROM "VehicleSpec" s WHERE s.id = v."specId"))), '[]')
        FROM "_LeadFavorites" f JOIN "Vehicle" v ON v.vin = f."B" WHERE f."A" = l.id)
    ) AS doc
    FROM "Lead" l ORDER BY l."createdAt", l.id LIMIT $1
  ) page`;

const eventSql = `
  SELECT to_jsonb(e) || jsonb_build_object('account', coalesce((
    SELECT to_jsonb(a) || jsonb_build_object(
      'consumer', coalesce((SELECT to_jsonb(c) || jsonb_build_object('addresses', (SELECT coalesce(jsonb_agg(x."A"), '[]') FROM "_ConsumerAddresses" x WHERE x."B" = c.id))
                            FROM "Consumer" c WHERE c.id = a."consumerId"), to_jsonb(a."consumerId")),
      'lead', coalesce((SELECT to_jsonb(l) FROM "Lead" l WHERE l.id = a."leadId"), to_jsonb(a."leadId")))
    FROM "Account" a WHERE a.id = e."accountId"), to_jsonb(e."accountId"))) AS doc
  FROM "WebEvent" e WHERE e.id = $1`;

type Event = {
  id: string;
  name: string;
  anonymousId?: string;
  account?: { id: string; lead?: string; anonymousIds?: string[]; consumer?: Record<string, string> };
};

async function writeEvents(client: pg.PoolClient, events: Event[]) {
  const consumers = events.flatMap((event) => (event.account?.consumer ? [event.account.consumer] : []));
  const accounts = events.flatMap((event) => (event.account ? [event.account] : []));
  if (consumers.length) {
    await query(
      client,
      `INSERT INTO "Consumer" ("id", "firstName", "lastName", "email", "phoneNumber", "birthDate", "ssn", "updatedAt")
       SELECT *, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[])
       ON CONFLICT ("id") DO UPDATE SET "firstName" = EXCLUDED."firstName", "lastName" = EXCLUDED."lastName", "email" = EXCLUDED."email",
         "phoneNumber" = EXCLUDED."phoneNumber", "birthDate" = EXCLUDED."birthDate", "ssn" = EXCLUDED."ssn", "updatedAt" = now()`,
      ['id', 'firstName', 'lastName', 'email', 'phoneNumber', 'birthDate', 'ssn'].map((field) => consumers.map((consumer) => consumer[field] ?? null)),
    );
  }
  if (accounts.length) {
    await query(
      client,
      `INSERT INTO "Account" ("id", "leadId", "consumerId", "anonymousIds", "updatedAt")
       SELECT id, lead, consumer, string_to_array(anonymous, ','), now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(id, lead, consumer, anonymous)
       ON CONFLICT ("id") DO UPDATE SET "leadId" = EXCLUDED."leadId", "consumerId" = EXCLUDED."consumerId", "anonymousIds" = EXCLUDED."anonymousIds", "updatedAt" = now()`,
      [
        accounts.map((a) => a.id),
        accounts.map((a) => a.lead ?? null),
        accounts.map((a) => a.consumer?.id ?? null),
        accounts.map((a) => (a.anonymousIds ?? []).join(',')),
      ],
    );
  }
  await query(
    client,
    `INSERT INTO "WebEvent" ("id", "name", "anonymousId", "accountId", "updatedAt")
     SELECT *, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT ("id") DO NOTHING`,
    [events.map((e) => e.id), events.map((e) => e.name), events.map((e) => e.anonymousId ?? null), events.map((e) => e.account?.id ?? null)],
  );
}

async function body(request: import('node:http').IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

const server = createServer(async (request, response) => {
  const send = (status: number, text: string) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(text);
  };
  try {
    const url = new URL(request.url!, 'http://localhost');
    if (url.pathname === '/metrics') return send(200, JSON.stringify({ statements, rss: process.memoryUsage().rss }));
    if (request.method === 'GET' && url.pathname === '/leads') {
      const { rows } = await query<{ docs: unknown }>(pool, leadsSql, [Number(url.searchParams.get('limit') ?? 100)]);
      return send(200, JSON.stringify({ docs: rows[0].docs }));
    }
    const lookup = /^\/webevents\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'GET' && lookup) {
      const { rows } = await query<{ doc: unknown }>(pool, eventSql, [decodeURIComponent(lookup[1])]);
      return rows[0] ? send(200, JSON.stringify({ data: rows[0].doc, success: true })) : send(404, '{}');
    }
    if (request.method === 'POST' && (url.pathname === '/webevents' || url.pathname === '/webevents/batch')) {
      const payload = (await body(request)) as Event | { batch: Event[] };
      const events = 'batch' in payload ? payload.batch : [payload];
      const client = await pool.connect();
      try {
        await query(client, 'BEGIN');
        await writeEvents(client, events);
        await query(client, 'COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
      if ('batch' in payload) return send(200, JSON.stringify({ data: events.map((event, index) => ({ index, success: true, id: event.id })), success: true }));
      const { rows } = await query<{ doc: unknown }>(pool, eventSql, [events[0].id]);
      return send(200, JSON.stringify({ data: rows[0].doc, success: true }));
    }
    send(404, '{}');
  } catch (error) {
    send(500, JSON.stringify({ error: String(error) }));
  }
});

server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('baseline listening'));
