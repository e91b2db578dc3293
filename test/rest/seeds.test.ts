// The seeds' own curl examples, unchanged, against a fresh server.
import { describe, expect, it } from 'vitest';
import { prisma } from '../../src/db.js';
import { jsonAfter, rest, seedText } from '../helpers/rest.js';

describe('seed 000: POST /api/webevents', () => {
  const seed = seedText('000');
  const curlBody = seed.slice(seed.indexOf("--data '") + "--data '".length, seed.indexOf("}'\n") + 1);
  const documented = jsonAfter(seed, "}'\n{");

  it("accepts the curl example without credentials and returns the documented body, value for value, and the server's times", async () => {
    const response = await rest('POST', '/api/webevents', { rawBody: curlBody, key: false });
    expect(response.status).toBe(200);
    // The one addition to the documented body: when the server received the event, and (no client
    // time given) when it happened.
    const { receivedAt, eventTime, ...documentedFields } = response.body.data;
    expect({ ...response.body, data: documentedFields }).toStrictEqual(documented);
    expect(Math.abs(Date.parse(receivedAt) - Date.now())).toBeLessThan(60_000);
    expect(eventTime).toBe(receivedAt);
  });

  it('kept the account and its lead reference although no lead "Lead ID" exists', async () => {
    const account = await prisma.account.findUniqueOrThrow({ where: { id: 'acc_0jk3v58djsi1' } });
    expect(account.leadId).toBe('Lead ID');
    expect(await prisma.lead.count()).toBe(0);
  });
});

describe('seed 002: POST /api/leads', () => {
  const seed = seedText('002');
  const body = jsonAfter(seed, "--data '{") as Record<string, unknown>;

  it('answers the body as printed (placeholders for email and phone) with a 400 naming each bad field', async () => {
    const response = await rest('POST', '/api/leads', { body });
    expect(response.status).toBe(400);
    const fields = response.body.error.problems.map((problem: { field: string }) => problem.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'phone', 'loginEmail']));
    expect(response.body.success).toBe(false);
  });

  it('creates the lead from the same body with real values, numeric relations read as ids', async () => {
    await prisma.salesRep.create({ data: { id: '123', firstName: 'Alice', lastName: 'Smith' } });
    await prisma.consumer.create({ data: { id: '123', firstName: 'John', lastName: 'Doe', phoneNumber: '555-0199', birthDate: new Date('1990-05-15') } });
    const vin = '1C4HJXEN5MW592818';
    await prisma.vehicle.create({
      data: { vin, year: 2021, make: 'Jeep', model: 'Wrangler', engine: 'V6', drivetrain: '4WD', bodyStyle: 'SUV', transmission: 'Automatic' },
    });
    const real = { ...body, email: 'john@example.com', loginEmail: 'john@example.com', phone: '555-0199', favorites: [vin] };

    const response = await rest('POST', '/api/leads?depth=0&locale=en&fallback-locale=none', { body: real });
    // The CRM page says "200 - ok"; Payload, whose API it documents, answers a create 201 (README).
    expect(response.status).toBe(201);
    expect(response.body.message).toBe('Lead successfully created.');
    const { doc } = response.body;
    // Every field of the body comes back as sent; relations as ids (depth=0); timestamps are the server's.
    const { createdAt: _c, updatedAt: _u, salesRep, customers, favorites, ...plain } = real as Record<string, unknown>;
    expect(doc).toMatchObject(plain);
    expect(doc).toMatchObject({ salesRep: String(salesRep), customers: String(customers), consumer: '123', favorites, phoneNumber: '555-0199' });
    expect(doc.id).toMatch(/^led_[a-z0-9]{12}$/);
    expect(Date.parse(doc.createdAt)).not.toBeNaN();
  });

  it('names an unknown numeric reference', async () => {
    const response = await rest('POST', '/api/leads', { body: { email: 'a@example.com', phone: '555-0100', salesRep: 999 } });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe('salesRep: no SalesRep has this key');
  });
});
