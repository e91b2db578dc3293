// New leads without a sales rep are assigned by round robin among the reps that accept new leads,
// are not paused nor in the trash, and whose credit bands cover the lead's credit score; the turn
// is taken under a lock, so 1,000 concurrent creates spread exactly evenly.
import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';

// 1,000 creates at once queue for the pool's connections longer than the 5 s a request waits by
// default (then 503): the assignments take their turns under one lock.
vi.hoisted(() => {
  process.env.DATABASE_CONNECT_TIMEOUT_MS = '120000';
});
import { prisma } from '../src/db.js';
import { execute, ok } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';

let serial = 0;
async function repOf(creditScore: string | null, extra = ''): Promise<string | null> {
  serial += 1;
  const score = creditScore === null ? '' : `, creditScore: ${JSON.stringify(creditScore)}`;
  const { createLead } = await ok<{ createLead: { salesRepId: string | null } }, undefined>(
    `mutation { createLead(input: { email: "assign${serial}@example.com", phoneNumber: "555-0100"${score}${extra} }) { salesRepId } }`,
  );
  return createLead.salesRepId;
}

const rep = (id: string, bands: string[], more = 'isAcceptingNewLeads: true') =>
  `${id}: createSalesRep(input: { id: "${id}", firstName: "R", lastName: "${id}", ${more}, creditBands: [${bands.map((band) => `{ connect: "${band}" }`).join(', ')}] }) { id }`;

beforeAll(async () => {
  await ok(`mutation {
    prime: createCreditBand(input: { id: "crb_prime0000001", name: "Prime", minimumCreditScore: 700, maximumCreditScore: 850 }) { id }
    sub: createCreditBand(input: { id: "crb_subprime0001", name: "Subprime", minimumCreditScore: 300, maximumCreditScore: 699 }) { id }
    unknown: createCreditBand(input: { id: "crb_unknown00001", name: "Unknown", isUnknown: true }) { id }
  }`);
  await ok(`mutation {
    ${rep('srep_a', ['crb_prime0000001'])}
    ${rep('srep_b', ['crb_prime0000001', 'crb_subprime0001'])}
    ${rep('srep_c', ['crb_unknown00001'])}
    ${rep('srep_d', ['crb_prime0000001'], 'isAcceptingNewLeads: false')}
    ${rep('srep_e', ['crb_prime0000001'], 'isAcceptingNewLeads: true, paused: true')}
    ${rep('srep_f', ['crb_prime0000001'])}
  }`);
  await ok('mutation { deleteSalesRep(id: "srep_f") { id } }');
});

describe('lead assignment', () => {
  it('takes turns among the reps whose bands cover the score, skipping those not accepting, paused or trashed', async () => {
    const prime = [];
    for (let index = 0; index < 4; index += 1) prime.push(await repOf('750'));
    expect(prime).toEqual(['srep_a', 'srep_b', 'srep_a', 'srep_b']);
    expect(await repOf('500')).toBe('srep_b');
    expect(await repOf(null)).toBe('srep_c');
    expect(await repOf('excellent')).toBe('srep_c');
    // No band covers it: the lead stays without a rep.
    expect(await repOf('120')).toBeNull();
    // A number written another way is a number: compared with the bands, never sent to the unknown band.
    expect([await repOf(' +750 '), await repOf('7.5e2'), await repOf('5.05E+2')]).toEqual(['srep_a', 'srep_b', 'srep_b']);
    for (const outside of ['-5', '+90003', '9.0003e4', '1e999', '-.5', '1e1000', '1E-1000', '1e9999']) expect(await repOf(outside), outside).toBeNull();
    // White space around a number is no part of it (which Unicode spaces count follows the database's locale): never a refused write.
    expect(await repOf('\t750\n')).toMatch(/^srep_[ab]$/);
    for (const spaced of ['\u2003700', '\u00a0750', '750\u3000', '\u2028700']) expect(await repOf(spaced), spaced).toMatch(/^srep_[abc]$/);
    for (const word of ['NaN', 'Infinity', '7 50', '1e']) expect(await repOf(word), word).toBe('srep_c');
  });

  it('keeps a rep given by hand, and assigns over REST too', async () => {
    expect(await repOf('750', ', salesRep: { connect: "srep_c" }')).toBe('srep_c');
    const created = await rest('POST', '/api/leads?depth=0', { body: { email: 'rest-assign@example.com', phone: '555-0100', creditScore: '505' } });
    expect(created.body.doc.salesRep).toBe('srep_b');
    // Its create entry names the rep the server gave it, as a field of the create.
    const createdEntry = await prisma.auditEntry.findFirstOrThrow({ where: { recordKey: created.body.doc.id, operation: 'create' } });
    expect(createdEntry.fields.filter((field) => field === 'salesRep')).toEqual(['salesRep']);
    const byHand = await rest('POST', '/api/leads?depth=0', { body: { email: 'rest-hand@example.com', phone: '555-0100', salesRep: 'srep_a' } });
    const handEntry = await prisma.auditEntry.findFirstOrThrow({ where: { recordKey: byHand.body.doc.id, operation: 'create' } });
    expect(handEntry.fields.filter((field) => field === 'salesRep')).toEqual(['salesRep']);
  });

  it('refuses (409) a rep given by hand who is not accepting or paused, unless forced', async () => {
    for (const closed of ['srep_d', 'srep_e']) {
      const refused = await execute(
        `mutation { createLead(input: { email: "hand-${closed}@example.com", phoneNumber: "555-0100", salesRep: { connect: "${closed}" } }) { id } }`,
      );
      expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT', field: 'input.salesRep.connect' } });
      expect(refused.errors?.[0].message).toMatch(/not accepting new leads or is paused: give forceAssignment: true/);
      expect(await prisma.lead.count({ where: { email: `hand-${closed}@example.com` } })).toBe(0);
    }
    const forced = await ok<{ createLead: { salesRepId: string } }, undefined>(
      'mutation { createLead(input: { email: "hand-forced@example.com", phoneNumber: "555-0100", salesRep: { connect: "srep_d" } }, forceAssignment: true) { id salesRepId } }',
    );
    expect(forced.createLead.salesRepId).toBe('srep_d');
    // Over REST: an update to a paused rep is 409, and ?forceAssignment=true makes it.
    const lead = (await rest('POST', '/api/leads?depth=0', { body: { email: 'hand-rest@example.com', phone: '555-0100', creditScore: '760' } })).body.doc;
    const refused = await rest('PATCH', `/api/leads/${lead.id}?depth=0`, { body: { salesRep: 'srep_e' } });
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].message).toMatch(/salesRep.*not accepting new leads/);
    expect((await rest('PATCH', `/api/leads/${lead.id}?depth=0&forceAssignment=true`, { body: { salesRep: 'srep_e' } })).body.doc.salesRep).toBe('srep_e');
    expect((await rest('PATCH', `/api/leads/${lead.id}?forceAssignment=maybe`, { body: {} })).body.error.message).toBe(
      'forceAssignment: must be true or false',
    );
    expect((await rest('GET', '/api/leads?forceAssignment=true')).status).toBe(400);
  });

  it('refuses the same rep given as an object, a closed rep created nested, and through public ingest', async () => {
    const refusals = [
      await rest('POST', '/api/leads', { body: { email: 'obj-d@example.com', phone: '555-0100', salesRep: { id: 'srep_d' } } }),
      await rest('POST', '/api/leads', { body: { email: 'obj-e@example.com', phone: '555-0100', salesRep: { id: 'srep_e', firstName: 'R' } } }),
      await rest('POST', '/api/leads', {
        body: { email: 'obj-new@example.com', phone: '555-0100', salesRep: { firstName: 'N', lastName: 'x', isAcceptingNewLeads: false } },
      }),
      await rest('POST', '/api/webevents', {
        body: { name: 'x', account: { lead: { email: 'obj-public@example.com', phone: '555-0100', salesRep: { id: 'srep_e' } } } },
        key: false,
      }),
      // Reopening one flag leaves the rep closed by the other: still paused, or still not accepting.
      await rest('POST', '/api/leads', { body: { email: 'obj-e2@example.com', phone: '555-0100', salesRep: { id: 'srep_e', isAcceptingNewLeads: true } } }),
      await rest('POST', '/api/leads', { body: { email: 'obj-d2@example.com', phone: '555-0100', salesRep: { id: 'srep_d', paused: false } } }),
    ];
    expect(refusals.map((response) => response.status)).toEqual([409, 409, 409, 409, 409, 409]);
    const upsert = await execute(
      'mutation { createLead(input: { email: "obj-e3@example.com", phoneNumber: "555-0100", salesRep: { upsert: { id: "srep_e", isAcceptingNewLeads: true } } }) { id } }',
    );
    expect(upsert.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await prisma.salesRep.findUniqueOrThrow({ where: { id: 'srep_e' }, select: { paused: true } })).toEqual({ paused: true });
    expect(await prisma.lead.count({ where: { email: { startsWith: 'obj-' } } })).toBe(0);
    // An object that reopens the rep is no refusal; forceAssignment takes a closed one.
    const reopened = await rest('POST', '/api/leads?depth=0', {
      body: { email: 'obj-reopen@example.com', phone: '555-0100', salesRep: { id: 'srep_d', isAcceptingNewLeads: true } },
    });
    expect(reopened.body.doc.salesRep).toBe('srep_d');
    await ok('mutation { updateSalesRep(id: "srep_d", input: { isAcceptingNewLeads: false }) { id } }');
    const forced = await rest('POST', '/api/leads?depth=0&forceAssignment=true', {
      body: { email: 'obj-forced@example.com', phone: '555-0100', salesRep: { id: 'srep_e' } },
    });
    expect(forced.body.doc.salesRep).toBe('srep_e');
  });

  it('gives a paused rep nothing until it is unpaused', async () => {
    await ok('mutation { updateSalesRep(id: "srep_a", input: { paused: true }) { id } }');
    expect([await repOf('800'), await repOf('800')]).toEqual(['srep_b', 'srep_b']);
    await ok('mutation { updateSalesRep(id: "srep_a", input: { paused: false }) { id } }');
    expect(await repOf('800')).toBe('srep_a');
  });
});

describe.runIf(process.env.TEST_DATABASE === 'postgres')('the turn lock', () => {
  // Another session holds the lock the picks take turns under, as a create that has picked and
  // not yet committed holds it.
  async function whileTurnLockHeld(work: () => Promise<void>) {
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtext('commerce-graph lead assignment'))`);
      await work();
    } finally {
      await holder.end();
    }
  }
  const settled = (promise: Promise<unknown>, ms: number) =>
    Promise.race([promise.then(() => 'done'), new Promise((resolve) => setTimeout(resolve, ms, 'waiting'))]);

  it('is not taken by a create no rep is eligible for, and is by one with an eligible rep', async () => {
    let eligible: Promise<string | null> = Promise.resolve(null);
    await whileTurnLockHeld(async () => {
      // No band covers 120: answered while the lock is held (before this change it waited for it).
      expect(await settled(repOf('120'), 10_000)).toBe('done');
      // Prime reps exist: this one waits for its turn until the holder lets go.
      eligible = repOf('750');
      expect(await settled(eligible, 1_500)).toBe('waiting');
    });
    expect(await eligible).toMatch(/^srep_[ab]$/);
  }, 30_000);
});

describe.runIf(process.env.TEST_DATABASE === 'postgres')('1,000 concurrent lead creates', () => {
  it('spread over the eligible reps exactly evenly', async () => {
    await ok(`mutation { ${rep('srep_g', ['crb_prime0000001'])} ${rep('srep_h', ['crb_prime0000001'])} }`);
    const before = await prisma.lead.groupBy({ by: ['salesRepId'], _count: true });
    const reps = await Promise.all(Array.from({ length: 1000 }, () => repOf('777')));
    const distribution = new Map<string | null, number>();
    for (const id of reps) distribution.set(id, (distribution.get(id) ?? 0) + 1);
    console.log('distribution of 1,000 concurrent creates:', Object.fromEntries(distribution));
    expect(Object.fromEntries(distribution)).toEqual({ srep_a: 250, srep_b: 250, srep_g: 250, srep_h: 250 });
    const after = await prisma.lead.groupBy({ by: ['salesRepId'], _count: true });
    const added = (id: string) => (after.find((row) => row.salesRepId === id)?._count ?? 0) - (before.find((row) => row.salesRepId === id)?._count ?? 0);
    expect(['srep_a', 'srep_b', 'srep_g', 'srep_h'].map(added)).toEqual([250, 250, 250, 250]);
  }, 300_000);
});
