// A write that runs its INSERT and then rolls back, on PostgreSQL: a connection of the test's own
// deletes a vehicle and holds the row, while the server creates a lead linked to that vehicle.
// The lead's INSERT runs, its link waits on the row, the delete commits, the link fails its
// foreign key, and the lead's transaction rolls back (then it is planned again and refused).
import pg from 'pg';
import { expect } from 'vitest';
import { execute } from './graphql.js';

export async function createLeadThatRollsBack(leadId: string, vin: string): Promise<Awaited<ReturnType<typeof execute>>> {
  const vehicle = { vin, year: 2020, make: 'Honda', model: 'Accord', bodyStyle: 'Sedan', engine: 'I4', transmission: 'CVT', drivetrain: 'FWD' };
  expect((await execute(`mutation($input: CreateVehicleInput!) { createVehicle(input: $input) { vin } }`, { input: vehicle })).errors).toBeUndefined();
  const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await other.connect();
  let lead: ReturnType<typeof execute> | undefined;
  try {
    await other.query('BEGIN');
    await other.query('DELETE FROM "Vehicle" WHERE vin = $1', [vin]);
    lead = execute(
      `mutation { createLead(input: { id: "${leadId}", email: "r@example.com", phoneNumber: "555-0100", favorites: [{ connect: "${vin}" }] }) { id } }`,
    );
    let linkWaits = false;
    for (let tries = 0; tries < 500 && !linkWaits; tries += 1) {
      const { rows } = await other.query(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()`,
      );
      linkWaits = rows[0].n > 0;
      if (!linkWaits) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(linkWaits).toBe(true);
    await other.query('COMMIT');
  } finally {
    await other.end();
  }
  const answer = await lead!;
  expect(answer.errors?.[0].extensions?.field).toBe('input.favorites.0.connect');
  return answer;
}
