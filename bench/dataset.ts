// The benchmark's data, made in the database with generate_series so that it loads in seconds and
// is the same every run: sales reps, consumers with two addresses, vehicles with specs, leads with
// favorites, accounts and web events. `growWebEvents` adds web events up to a total (PostgreSQL).
import pg from 'pg';

export const sizes = { salesReps: 50, consumers: 2_000, leads: 2_000, vehicles: 500, specs: 50, webEvents: 10_000 };

/** The SQL that makes the dataset, web events included, in a migrated database. */
export function datasetSql(): string {
  const { salesReps, consumers, leads, vehicles, specs } = sizes;
  return `
    INSERT INTO "City" ("stateCode", "name", "updatedAt")
      SELECT 'IL', 'Bench City ' || n, now() FROM generate_series(1, 20) n;
    INSERT INTO "Agent" ("id", "model", "updatedAt") VALUES ('ai_bench0000001', 'gpt-4o', now());
    INSERT INTO "VehicleSpec" ("id", "make", "model", "year", "engine", "drivetrain", "bodyStyle", "transmission", "trim", "squishVin", "exteriorColors", "interiorColors", "updatedAt")
      SELECT 'vs_bench' || lpad(n::text, 6, '0'), 'Jeep', 'Wrangler', 2015 + n % 10, '3.6L V6', '4WD', 'SUV', 'Automatic', 'Sport', 'SQUISH' || lpad(n::text, 4, '0'), '{Black,Red}', '{Black}', now()
      FROM generate_series(1, ${specs}) n;
    INSERT INTO "Vehicle" ("vin", "year", "make", "model", "trim", "bodyStyle", "engine", "transmission", "drivetrain", "seatCount", "doorCount", "interiorColor", "exteriorColor", "specId", "updatedAt")
      SELECT '1C4HJXEN5MW' || lpad(n::text, 6, '0'), 2015 + n % 10, 'Jeep', 'Wrangler', 'Sport', 'SUV', '3.6L V6', 'Automatic', '4WD', 5, 4, 'Black', 'Red', 'vs_bench' || lpad((1 + n % ${specs})::text, 6, '0'), now()
      FROM generate_series(1, ${vehicles}) n;
    INSERT INTO "Address" ("id", "line1", "zip", "cityStateCode", "cityName", "updatedAt")
      SELECT 'adr_bench' || lpad(n::text, 7, '0'), n || ' Main Street', '62704', 'IL', 'Bench City ' || (1 + n % 20), now()
      FROM generate_series(1, ${consumers * 2 + salesReps}) n;
    INSERT INTO "SalesRep" ("id", "firstName", "lastName", "primaryEmail", "emails", "phoneNumbers", "roles", "isAcceptingNewLeads", "agentId", "addressId", "updatedAt")
      SELECT 'srep_bench' || lpad(n::text, 6, '0'), 'Rep', 'Number ' || n, 'rep' || n || '@dealer.example.com', ARRAY['rep' || n || '@dealer.example.com'], '{+1-555-0123}', '{sales}', true, 'ai_bench0000001', 'adr_bench' || lpad((${consumers * 2} + n)::text, 7, '0'), now()
      FROM generate_series(1, ${salesReps}) n;
    INSERT INTO "Consumer" ("id", "firstName", "lastName", "email", "phoneNumber", "phoneNumbers", "birthDate", "updatedAt", "createdAt")
      SELECT 'con_bench' || lpad(n::text, 7, '0'), 'Con', 'Number ' || n, 'con' || n || '@example.com', '555-0199', '{555-0100}', date '1980-01-01' + n, now(), timestamp '2026-01-01' + n * interval '1 minute'
      FROM generate_series(1, ${consumers}) n;
    INSERT INTO "_ConsumerAddresses" ("A", "B")
      SELECT 'adr_bench' || lpad((2 * n - k)::text, 7, '0'), 'con_bench' || lpad(n::text, 7, '0') FROM generate_series(1, ${consumers}) n, generate_series(0, 1) k;
    INSERT INTO "Lead" ("id", "email", "phoneNumber", "firstName", "lastName", "processStatuses", "timeToPurchase", "bodyStyle", "monthlyPayment", "salesRepId", "consumerId", "updatedAt", "createdAt")
      SELECT 'led_bench' || lpad(n::text, 7, '0'), 'lead' || n || '@example.com', '555-0100', 'Lead', 'Number ' || n, CASE WHEN n % 3 = 0 THEN 'Qualified Lead' ELSE 'New' END, '{ASAP}', '{suv}', 400 + n % 300,
             'srep_bench' || lpad((1 + n % ${salesReps})::text, 6, '0'), 'con_bench' || lpad(n::text, 7, '0'), now(), timestamp '2026-01-01' + n * interval '1 minute'
      FROM generate_series(1, ${leads}) n;
    INSERT INTO "_LeadFavorites" ("A", "B")
      SELECT 'led_bench' || lpad(n::text, 7, '0'), '1C4HJXEN5MW' || lpad((1 + (n + k * 7) % ${vehicles})::text, 6, '0') FROM generate_series(1, ${leads}) n, generate_series(0, 1) k;
    INSERT INTO "Account" ("id", "consumerId", "leadId", "anonymousIds", "updatedAt")
      SELECT 'acc_bench' || lpad(n::text, 7, '0'), 'con_bench' || lpad(n::text, 7, '0'), 'led_bench' || lpad(n::text, 7, '0'), ARRAY['anon_bench' || n], now()
      FROM generate_series(1, ${consumers}) n;
    ${webEventsSql(1, sizes.webEvents)};
    ANALYZE;`;
}

function webEventsSql(from: number, to: number): string {
  return `
    INSERT INTO "WebEvent" ("id", "name", "anonymousId", "accountId", "properties", "timestamp", "sentAt", "createdAt", "receivedAt", "eventTime", "updatedAt")
      SELECT 'wev_bench' || lpad(n::text, 7, '0'), (ARRAY['Page View', 'User Login', 'Vehicle Viewed', 'Search'])[1 + n % 4],
             'anon_bench' || (1 + n % ${sizes.consumers}), 'acc_bench' || lpad((1 + n % ${sizes.consumers})::text, 7, '0'),
             jsonb_build_object('page', '/vehicles/' || n, 'price', 20000 + n % 40000, 'dealer', jsonb_build_object('zip', '606' || lpad((n % 100)::text, 2, '0'))),
             at, at, at, at, at, now()
      FROM generate_series(${from}, ${to}) n, LATERAL (SELECT timestamp '2026-01-01' + n * interval '30 seconds' AS at) t`;
}

export async function loadDataset(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(datasetSql());
  await client.end();
}

/** Adds web events (spread over accounts, names and a year of timestamps) up to `total`. */
export async function growWebEvents(url: string, total: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM "WebEvent"');
  const from = Number(rows[0].count) + 1;
  for (let start = from; start <= total; start += 200_000) {
    await client.query(webEventsSql(start, Math.min(total, start + 199_999)));
  }
  await client.query('ANALYZE');
  await client.end();
}
