// Payload's paging over REST: limit up to the ceiling, limit=0 and pagination=false for all of a
// list (streamed, in parts of PAGE_SIZE_MAX), and /count. Nothing is cut short without a word: a
// list over the ceiling is refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../src/config.js';
import { prisma } from '../../src/db.js';
import { rest } from '../helpers/rest.js';

const leadCount = 250; // more than two GraphQL pages of PAGE_SIZE_MAX (100)
const idOf = (index: number) => `led_paging${String(index).padStart(6, '0')}`;

beforeAll(async () => {
  await prisma.lead.createMany({
    data: Array.from({ length: leadCount }, (_, index) => ({
      id: idOf(index),
      email: `paging${index}@example.com`,
      phoneNumber: '555-0100',
      processStatuses: index % 5 === 0 ? 'Qualified Lead' : 'New',
    })),
  });
  // One more web event than one answer may hold.
  await prisma.webEvent.createMany({
    data: Array.from({ length: config.restListCeiling + 1 }, (_, index) => ({ id: `wev_ceiling${String(index).padStart(6, '0')}`, name: 'Ceiling' })),
  });
});

const ids = (body: { docs: { id: string }[] }) => body.docs.map((doc) => doc.id);
const all = Array.from({ length: leadCount }, (_, index) => idOf(index));

describe('a whole list', () => {
  it.each(['pagination=false', 'limit=0', 'limit=0&pagination=false'])('%s answers every document, in order, once', async (parameters) => {
    const response = await rest('GET', `/api/leads?${parameters}&sort=id&depth=0`);
    expect(response.status).toBe(200);
    expect(ids(response.body)).toEqual(all);
    expect(response.body).toMatchObject({
      totalDocs: leadCount,
      limit: leadCount,
      page: 1,
      totalPages: 1,
      pagingCounter: 1,
      hasNextPage: false,
      hasPrevPage: false,
    });
  });

  it('pagination=false with a limit answers that many from the first, and says there are more', async () => {
    const response = await rest('GET', '/api/leads?pagination=false&limit=120&sort=-id&depth=0');
    expect(ids(response.body)).toEqual([...all].reverse().slice(0, 120));
    expect(response.body).toMatchObject({ totalDocs: leadCount, limit: 120, hasNextPage: true });
  });

  it('keeps the filter and the depth in every part', async () => {
    const response = await rest('GET', '/api/leads?limit=0&where[processStatuses][equals]=Qualified Lead&sort=id&depth=1');
    expect(ids(response.body)).toEqual(all.filter((_, index) => index % 5 === 0));
    expect(response.body.totalDocs).toBe(50);
  });

  it('is refused, not cut short, when the filter matches more than one answer holds', async () => {
    const response = await rest('GET', '/api/webevents?limit=0&depth=0');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      `limit: the filter matches ${config.restListCeiling + 1} documents, more than one answer holds (${config.restListCeiling}): give a limit, or page through them with limit and page`,
    );
    const narrowed = await rest('GET', '/api/webevents?limit=0&depth=0&where[id][less_than]=wev_ceiling000150');
    expect(narrowed.body.data.docs).toHaveLength(150);
  });
});

describe('large limits', () => {
  it('serve a page larger than PAGE_SIZE_MAX, from any offset', async () => {
    const response = await rest('GET', '/api/leads?limit=150&page=2&sort=id&depth=0');
    expect(ids(response.body)).toEqual(all.slice(150));
    expect(response.body).toMatchObject({
      totalDocs: leadCount,
      limit: 150,
      page: 2,
      totalPages: 2,
      pagingCounter: 151,
      hasPrevPage: true,
      hasNextPage: false,
      prevPage: 1,
      nextPage: null,
    });
    const middle = await rest('GET', '/api/leads?limit=101&page=2&sort=id&depth=0');
    expect(ids(middle.body)).toEqual(all.slice(101, 202));
    expect(middle.body).toMatchObject({ nextPage: 3, pagingCounter: 102 });
  });

  it('up to the ceiling, and a 400 naming limit above it', async () => {
    expect(ids((await rest('GET', '/api/leads?limit=500&sort=id&depth=0')).body)).toEqual(all);
    const over = await rest('GET', `/api/leads?limit=${config.restListCeiling + 1}`);
    expect(over.status).toBe(400);
    expect(over.body.error.message).toBe(`limit: must be a whole number from 0 to ${config.restListCeiling} (0: all of them)`);
  });

  it('pagination that is not true or false is a 400 naming it', async () => {
    const response = await rest('GET', '/api/leads?pagination=no');
    expect(response).toMatchObject({ status: 400, body: { error: { message: 'pagination: must be true or false' } } });
  });
});

describe('/count', () => {
  it('answers how many documents the filter matches, as Payload does', async () => {
    expect((await rest('GET', '/api/leads/count?where[id][like]=led_paging')).body).toEqual({ totalDocs: leadCount });
    expect((await rest('GET', '/api/leads/count?where[processStatuses][equals]=Qualified Lead&where[id][like]=led_paging')).body).toEqual({ totalDocs: 50 });
    expect((await rest('GET', '/api/webEvents/count?where[name][equals]=Ceiling')).body).toEqual({
      data: { totalDocs: config.restListCeiling + 1 },
      success: true,
    });
  });

  it('has the scope and parameter rules of a list', async () => {
    expect((await rest('GET', '/api/leads/count', { key: false })).status).toBe(401);
    const unknown = await rest('GET', '/api/leads/count?limit=5');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/^limit: is not a query parameter of this route \(it takes where, locale, trash\)/);
    const post = await rest('POST', '/api/leads/count', { body: {} });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });
});
