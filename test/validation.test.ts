// Every validation rule of the OpenAPI, one good and one bad value each, and the error a bad
// value gets: BAD_USER_INPUT (400) naming the field path and the rule, never the value.
import { describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { execute } from './helpers/graphql.js';
import { consumerInput, leadInput, salesRepInput, vehicleInput, vehicleSpecInput } from './helpers/fixtures.js';

const create = (entity: string, input: object) =>
  execute(`mutation($input: Create${entity}Input!) { create${entity}(input: $input) { __typename } }`, { input });

interface RuleCase {
  rule: string;
  entity: string;
  base: Record<string, unknown>;
  field: string;
  good: unknown[];
  bad: unknown[];
  message: RegExp;
}

const vin = (index: number) => `1C4HJXEN5MW5928${String(index).padStart(2, '0')}`;

const ruleCases: RuleCase[] = [
  {
    rule: 'phone pattern (area code optional)',
    entity: 'Consumer',
    base: consumerInput,
    field: 'phoneNumber',
    good: ['555-0199', '+1-555-0123', '(312) 555-0199', '312-555-0199', '3125550199', '+1 312 555-0199'],
    bad: ['12', 'call-me', '555-01999', '+44 20 7946 0958', '312 555 0199'],
    message: /must be a phone number/,
  },
  {
    rule: 'email format',
    entity: 'Lead',
    base: leadInput,
    field: 'email',
    good: ['a.b@example.com', 'josé@exämple.de'],
    bad: ['no-at-sign', 'a@b', 'two@@example.com', 'spa ce@example.com'],
    message: /must be an email address/,
  },
  {
    rule: 'birthDate is a date',
    entity: 'Consumer',
    base: consumerInput,
    field: 'birthDate',
    good: ['1990-05-15', '2000-02-29'],
    bad: ['1990-02-30', '15/05/1990', '1990-5-15', '2001-02-29'],
    message: /must be a calendar date/,
  },
  {
    rule: 'squishVin is exactly 10 characters',
    entity: 'VehicleSpec',
    base: vehicleSpecInput,
    field: 'squishVin',
    good: ['4T1BF1FK5H'],
    bad: ['4T1BF1FK5', '4T1BF1FK5HX'],
    message: /exactly 10 characters/,
  },
  { rule: 'seatCount is 0 or more', entity: 'Vehicle', base: vehicleInput, field: 'seatCount', good: [0, 7], bad: [-1], message: /must be 0 or more/ },
  {
    rule: 'each of a list of emails',
    entity: 'SalesRep',
    base: salesRepInput,
    field: 'emails',
    good: [['a@example.com', 'b@example.com']],
    bad: [['a@example.com', 'nope']],
    message: /must be an email address/,
  },
  {
    rule: 'each of a list of phone numbers',
    entity: 'SalesRep',
    base: salesRepInput,
    field: 'phoneNumbers',
    good: [['+1-555-0123']],
    bad: [['+1-555-0123', '12']],
    message: /must be a phone number/,
  },
];

describe.each(ruleCases)('$rule', ({ entity, base, field, good, bad, message }) => {
  it.each(good.map((value, index) => ({ value, index })))('accepts $value', async ({ value, index }) => {
    const input = entity === 'Vehicle' ? { ...base, vin: vin(index + 10), [field]: value } : { ...base, [field]: value };
    const result = await create(entity, input);
    expect(result.errors).toBeUndefined();
  });

  it.each(bad.map((value) => ({ value })))('rejects $value with a 400 naming the field and the rule', async ({ value }) => {
    const result = await create(entity, { ...base, [field]: value });
    expect(result.status).toBe(400);
    const error = result.errors![0];
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.field).toMatch(new RegExp(`^input\\.${field}(\\.\\d+)?$`));
    expect(error.message).toMatch(message);
    if (typeof value === 'string' && value.length > 3) expect(error.message).not.toContain(value);
  });
});

describe('VIN', () => {
  it('accepts 17 characters of digits and letters other than I, O and Q', async () => {
    expect((await create('Vehicle', { ...vehicleInput, vin: '1HGCM82633A004352' })).errors).toBeUndefined();
  });

  it.each(['1HGCM82633A00435', '1HGCM82633A0043521', '1HGCM82633A00435I', '1HGCM82633A00435O', '1hgcm82633a004352'])('rejects %s', async (bad) => {
    const result = await create('Vehicle', { ...vehicleInput, vin: bad });
    expect(result.status).toBe(400);
    expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.vin' });
    expect(result.errors![0].message).toMatch(/must be a VIN/);
  });
});

describe('required fields', () => {
  it('lists every missing required field of a nested record with its path', async () => {
    const result = await create('WebEvent', {
      name: 'Signup',
      account: { upsert: { consumer: { upsert: { email: 'x@example.com' } } } },
    });
    expect(result.status).toBe(400);
    const fields = result.errors![0].extensions!.problems!.map((problem) => problem.field);
    expect(fields).toEqual([
      'input.account.upsert.consumer.upsert.firstName',
      'input.account.upsert.consumer.upsert.lastName',
      'input.account.upsert.consumer.upsert.phoneNumber',
      'input.account.upsert.consumer.upsert.birthDate',
    ]);
    expect(await prisma.webEvent.count({ where: { name: 'Signup' } })).toBe(0);
  });

  it('rejects an empty required string', async () => {
    const result = await create('Consumer', { ...consumerInput, firstName: '' });
    expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.firstName' });
    expect(result.errors![0].message).toMatch(/must not be empty/);
  });

  it('rejects a missing non-null argument before any resolver runs (GraphQL validation)', async () => {
    const result = await create('Consumer', { firstName: 'Ada' });
    expect(result.status).toBe(400);
    expect(result.errors!.map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'input.birthDate'],
      ['BAD_USER_INPUT', 'input.lastName'],
      ['BAD_USER_INPUT', 'input.phoneNumber'],
    ]);
    expect(result.errors![1].message).toBe('input.lastName: is required');
  });

  it('rejects a phone given under both names with different values', async () => {
    const result = await create('Lead', { ...leadInput, phone: '555-0100', phoneNumber: '555-0101' });
    expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.phone' });
  });

  it('accepts the CRM name phone for phoneNumber', async () => {
    const { phoneNumber: _, ...rest } = leadInput;
    const result = await execute<{ createLead: { phoneNumber: string } }, object>(
      `mutation($input: CreateLeadInput!) { createLead(input: $input) { phoneNumber } }`,
      { input: { ...rest, phone: '555-0100' } },
    );
    expect(result.data?.createLead.phoneNumber).toBe('555-0100');
  });
});

describe('values in errors', () => {
  it('never echoes the value a caller sent, even when GraphQL rejects its type', async () => {
    const result = await create('Vehicle', { ...vehicleInput, year: 'secret-123-45-6789' });
    expect(result.status).toBe(400);
    expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.year' });
    expect(result.errors![0].message).toBe('input.year: Int cannot represent non-integer value');
    expect(JSON.stringify(result)).not.toContain('secret');
  });
});

describe('strict references of CRM writes', () => {
  it('rejects a lead whose salesRep does not exist, naming the field', async () => {
    const result = await create('Lead', { ...leadInput, salesRep: { connect: 'srep_nobody000000' } });
    expect(result.status).toBe(400);
    expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.salesRep.connect' });
    expect(result.errors![0].message).toMatch(/no SalesRep has this key/);
  });

  it('rejects a relation given both as connect and upsert (oneOf)', async () => {
    const result = await create('Lead', { ...leadInput, salesRep: { connect: 'srep_x', upsert: salesRepInput } });
    expect(result.status).toBe(400);
    expect(result.errors![0].message).toMatch(/input.salesRep: Exactly one key must be specified/);
  });
});
