// GET /api/<collection> with Payload's where, sort, limit and page.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../src/db.js';
import { maxPageNumber } from '../../src/schema/crud.js';
import { rest } from '../helpers/rest.js';

const names = ['Ava', 'Ben', 'Cleo', 'Dan', 'Eve', 'Finn', 'Gus', 'Hana', 'Ivo', 'Jan', 'Kai', 'Lea'];

beforeAll(async () => {
  await prisma.lead.createMany({
    data: names.map((firstName, index) => ({
      id: `led_list${String(index).padStart(8, '0')}`,
      firstName,
      email: `${firstName.toLowerCase()}@example.com`,
      phoneNumber: '555-0100',
      processStatuses: index % 3 === 0 ? 'Qualified Lead' : 'New',
      monthlyPayment: 100 * (index + 1),
      subscribe: index % 2 === 0,
      timeToPurchase: index % 4 === 0 ? ['ASAP'] : [],
      notes: index === 5 ? 'wants a red truck soon' : null,
      createdAt: new Date(Date.UTC(2026, 0, index + 1)),
    })),
  });
});

const firstNamesOf = async (query: string) => {
  const response = await rest('GET', `/api/leads?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.docs.map((doc: { firstName: string }) => doc.firstName);
};

describe('where', () => {
  it.each([
    ['equals', 'where[processStatuses][equals]=Qualified Lead', ['Ava', 'Dan', 'Gus', 'Jan']],
    ['not_equals', 'where[processStatuses][not_equals]=New', ['Ava', 'Dan', 'Gus', 'Jan']],
    ['in (comma-separated)', 'where[firstName][in]=Ben,Kai', ['Ben', 'Kai']],
    ['not_in', 'where[firstName][not_in]=Ava,Ben,Cleo,Dan,Eve,Finn,Gus,Hana,Ivo,Jan', ['Kai', 'Lea']],
    ['greater_than and less_than_equal (numbers)', 'where[monthlyPayment][greater_than]=900&where[monthlyPayment][less_than_equal]=1100', ['Jan', 'Kai']],
    ['greater_than_equal on createdAt', 'where[createdAt][greater_than_equal]=2026-01-11T00:00:00Z', ['Kai', 'Lea']],
    ['contains, ignoring case', 'where[email][contains]=AN@', ['Dan', 'Jan']],
    ['like: every word, any order', 'where[notes][like]=truck red', ['Finn']],
    ['exists', 'where[notes][exists]=true', ['Finn']],
    // A timestamp always has one (this was a 500: Prisma refuses not-null on a required column).
    ['exists on createdAt', 'where[createdAt][exists]=true&where[firstName][in]=Ava,Ben', ['Ava', 'Ben']],
    ['exists=false on createdAt', 'where[createdAt][exists]=false', []],
    ['booleans', 'where[subscribe][equals]=false&where[firstName][in]=Ava,Ben', ['Ben']],
    ['a list field holding a value', 'where[timeToPurchase][equals]=ASAP', ['Ava', 'Eve', 'Ivo']],
    ['or', 'where[or][0][firstName][equals]=Ava&where[or][1][firstName][equals]=Lea', ['Ava', 'Lea']],
    ['and', 'where[and][0][processStatuses][equals]=New&where[and][1][monthlyPayment][less_than]=300', ['Ben']],
  ])('%s', async (_name, query, expected) => {
    expect(await firstNamesOf(`${query}&limit=100&sort=createdAt`)).toEqual(expected);
  });

  it.each([
    ['an unknown field', 'where[favouriteColour][equals]=red', 'where.favouriteColour: is not a field Leads can be filtered by'],
    ['an unknown operator', 'where[firstName][sounds_like]=Ava', /^where\.firstName\.sounds_like: is not an operator/],
    ['a number that is not one', 'where[monthlyPayment][greater_than]=lots', 'where.monthlyPayment.greater_than: must be a number in decimal notation'],
    // Number() would read these as 31, 3, 0 and Infinity: a condition nobody wrote (outside attack E12).
    ['a number in hexadecimal', 'where[monthlyPayment][greater_than]=0x1F', 'where.monthlyPayment.greater_than: must be a number in decimal notation'],
    ['a number in binary', 'where[monthlyPayment][less_than]=0b11', 'where.monthlyPayment.less_than: must be a number in decimal notation'],
    ['a number of white space', 'where[monthlyPayment][equals]=%20', 'where.monthlyPayment.equals: must be a number in decimal notation'],
    ['Infinity for a number', 'where[monthlyPayment][less_than]=Infinity', 'where.monthlyPayment.less_than: must be a number in decimal notation'],
    ['a boolean that is not one', 'where[subscribe][equals]=yes', 'where.subscribe.equals: must be true or false'],
    ['a date-time that is not one', 'where[createdAt][greater_than]=yesterday', /^where\.createdAt\.greater_than: must be an ISO 8601 date-time/],
    // Conditions that would not be applied, and so widen the answer:
    ['an or without conditions', 'where[or]=', /^where\.or: must be a list of conditions/],
    // Not taken as U+FFFD or as the text "%FF%FE": either would be a condition nobody sent.
    ['a value that is not UTF-8', 'where[firstName][equals]=%FF%FE', 'where: is not valid UTF-8'],
    ['a field name that is not UTF-8', 'where[first%E9][equals]=Ava', 'where: is not valid UTF-8'],
    ['a field name that is not UTF-8, its brackets escaped', 'where%5Bfirst%E9%5D%5Bequals%5D=Ava', 'where: is not valid UTF-8'],
    ['a parameter of its own that is not UTF-8', 'secret%FF=1&where[firstName][equals]=Ava', 'query string: is not valid UTF-8'],
    ['a condition past the parameter limit', `${'x=1&'.repeat(1_000)}where[firstName][equals]=Ava`, /^query string: may have at most 1000 parameters/],
  ])('400 for %s', async (_name, query, message) => {
    const response = await rest('GET', `/api/leads?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
  });
});

describe('sort, limit and page', () => {
  it('sorts descending with a minus and pages with limit and page', async () => {
    const response = await rest('GET', '/api/leads?sort=-monthlyPayment&limit=5&page=2&depth=0');
    expect(response.body.docs.map((doc: { firstName: string }) => doc.firstName)).toEqual(['Gus', 'Finn', 'Eve', 'Dan', 'Cleo']);
    expect(response.body).toMatchObject({
      totalDocs: 12,
      limit: 5,
      totalPages: 3,
      page: 2,
      pagingCounter: 6,
      hasPrevPage: true,
      hasNextPage: true,
      prevPage: 1,
      nextPage: 3,
    });
  });

  it('sorts by several fields', async () => {
    expect(await firstNamesOf('sort=-processStatuses,firstName&limit=4')).toEqual(['Ava', 'Dan', 'Gus', 'Jan']);
  });

  it('400 for a field it cannot sort by, and for limit or page out of range', async () => {
    const sort = await rest('GET', '/api/leads?sort=firstName,-secretSortValue');
    expect(sort.body.error.message).toBe('sort: term 2 is not a field Leads can be sorted by (give fields that hold one value, with - for descending)');
    expect(JSON.stringify(sort.body)).not.toContain('secret');
    expect((await rest('GET', '/api/leads?limit=-1')).body.error.message).toMatch(/^limit: must be a whole number from 0 to 10000/);
    expect((await rest('GET', '/api/leads?page=-1')).status).toBe(400);
  });

  it('400 naming page for a page past the last one served (its pagingCounter would overflow)', async () => {
    const response = await rest('GET', '/api/webevents?page=1000000000');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(`page: must be a whole number from 1 to ${maxPageNumber}`);
    expect(response.body.error.message).not.toContain('1000000000');
  });
});
