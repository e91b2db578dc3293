// Identity (issue 11, part 2): identify links an anonymous id to an account, appending it; an
// anonymous id belongs to one account at most, whichever route writes the account's list (409
// naming both accounts); and an account's events include the visitor's earlier anonymous events,
// without a cap, a page at a time.
import { beforeAll, describe, expect, it } from 'vitest';
import { databaseKind, prisma } from '../src/db.js';
import { testApiKey } from './helpers/api-key.js';
import { execute, ok } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';

const Identify = `mutation($accountId: String!, $anonymousId: String!) {
  identify(accountId: $accountId, anonymousId: $anonymousId) { id anonymousIds }
}`;

const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}`;

async function account(anonymousIds: string[] = []): Promise<string> {
  const id = unique('acc_');
  await ok(`mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`, { input: { id, anonymousIds } });
  return id;
}

const owners = async (anonymousIds: string[]) =>
  (await prisma.anonymousIdentity.findMany({ where: { anonymousId: { in: anonymousIds } }, orderBy: { anonymousId: 'asc' } })).map(
    ({ anonymousId, accountId }) => [anonymousId, accountId],
  );

describe('identify', () => {
  it('appends the anonymous id to the account, in GraphQL and REST, and answers the same again', async () => {
    const [a, b, c] = [unique('anon_'), unique('anon_'), unique('anon_')];
    const id = await account([a]);
    const { identify } = await ok<{ identify: { id: string; anonymousIds: string[] } }, unknown>(Identify, { accountId: id, anonymousId: b });
    expect(identify).toEqual({ id, anonymousIds: [a, b] });
    const again = await ok<{ identify: { anonymousIds: string[] } }, unknown>(Identify, { accountId: id, anonymousId: b });
    expect(again.identify.anonymousIds).toEqual([a, b]);
    const response = await rest('POST', '/api/identify', { body: { accountId: id, anonymousId: c } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ doc: { id, anonymousIds: [a, b, c] }, message: 'Anonymous id linked to the account.' });
    expect(await owners([a, b, c])).toEqual(
      [
        [a, id],
        [b, id],
        [c, id],
      ].sort(),
    );
  });

  it('refuses an anonymous id another account holds with a 409 naming both accounts, changing nothing', async () => {
    const anonymousId = unique('anon_');
    const holder = await account([anonymousId]);
    const other = await account();
    const graphql = await execute(Identify, { accountId: other, anonymousId });
    expect(graphql.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(graphql.errors?.[0].message).toContain(holder);
    expect(graphql.errors?.[0].message).toContain(other);
    const response = await rest('POST', '/api/identify', { body: { accountId: other, anonymousId } });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain(holder);
    expect(response.body.error.message).toContain(other);
    expect((await prisma.account.findUniqueOrThrow({ where: { id: other } })).anonymousIds).toEqual([]);
    expect(await owners([anonymousId])).toEqual([[anonymousId, holder]]);
  });

  it('holds every route to one account per anonymous id: creating or updating an account, and public ingest', async () => {
    const anonymousId = unique('anon_');
    const holder = await account([anonymousId]);
    const created = await execute(`mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`, {
      input: { id: unique('acc_'), anonymousIds: [anonymousId] },
    });
    expect(created.errors?.[0].extensions?.code).toBe('CONFLICT');
    const other = await account();
    const updated = await rest('PATCH', `/api/accounts/${other}`, { body: { anonymousIds: [anonymousId] } });
    expect(updated.status).toBe(409);
    const eventId = unique('wev_');
    const ingested = await rest('POST', '/api/webevents', {
      key: false,
      body: { id: eventId, name: 'Login', account: { id: unique('acc_'), anonymousIds: [anonymousId] } },
    });
    expect(ingested.status).toBe(409);
    expect(await prisma.webEvent.count({ where: { id: eventId } })).toBe(0);
    expect(await owners([anonymousId])).toEqual([[anonymousId, holder]]);
  });

  it('releases the ids an update leaves out and those of a purged account (one in the trash keeps them)', async () => {
    const [a, b] = [unique('anon_'), unique('anon_')];
    const id = await account([a, b]);
    expect((await rest('PATCH', `/api/accounts/${id}`, { body: { anonymousIds: [b] } })).status).toBe(200);
    expect(await owners([a, b])).toEqual([[b, id]]);
    expect((await rest('DELETE', `/api/accounts/${id}`)).status).toBe(200);
    // In the trash, the account keeps its ids, so that a restore brings it back whole.
    expect(await owners([a, b])).toEqual([[b, id]]);
    expect((await rest('DELETE', `/api/accounts/${id}?trash=true`)).status).toBe(200);
    expect(await owners([a, b])).toEqual([]);
    const next = await account();
    expect((await ok<{ identify: { anonymousIds: string[] } }, unknown>(Identify, { accountId: next, anonymousId: a })).identify.anonymousIds).toEqual([a]);
  });

  const bad: [string, object, number, RegExp][] = [
    ['an empty anonymous id', { accountId: 'acc_x', anonymousId: '' }, 400, /anonymousId: must be a key of 1 to 255 characters/],
    ['no anonymous id', { accountId: 'acc_x' }, 400, /anonymousId/],
    ['a number for the account', { accountId: 12, anonymousId: 'anon_x' }, 400, /accountId/],
    [
      'a field identify does not take',
      { accountId: 'acc_x', anonymousId: 'anon_x', merge: true },
      400,
      /^merge: is not known here: give accountId, anonymousId$/,
    ],
    ['an account that does not exist', { accountId: 'acc_nobody000000', anonymousId: 'anon_nobody' }, 404, /No Account has this id/],
  ];
  for (const [label, body, status, message] of bad) {
    it(`answers ${status} to ${label}, storing nothing`, async () => {
      const response = await rest('POST', '/api/identify', { body });
      expect(response.status).toBe(status);
      expect(response.body.error.message).toMatch(message);
      expect(await owners(['anon_x', 'anon_nobody'])).toEqual([]);
    });
  }

  it('needs the write scope', async () => {
    const response = await rest('POST', '/api/identify', {
      body: { accountId: 'acc_x', anonymousId: 'anon_x' },
      headers: { authorization: await testApiKey(['read']) },
    });
    expect(response.status).toBe(403);
    expect((await rest('POST', '/api/identify', { body: { accountId: 'acc_x', anonymousId: 'anon_x' }, key: false })).status).toBe(401);
  });

  it.runIf(databaseKind === 'postgresql')('gives an anonymous id to one account when many claim it at once (10 rounds of 8 concurrent clients)', async () => {
    for (let round = 0; round < 10; round += 1) {
      const anonymousId = unique('anon_race');
      const accounts = await Promise.all(Array.from({ length: 8 }, () => account()));
      const answers = await Promise.all(accounts.map((accountId) => rest('POST', '/api/identify', { body: { accountId, anonymousId } })));
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
      const winner = accounts[answers.findIndex((answer) => answer.status === 200)];
      expect(await owners([anonymousId])).toEqual([[anonymousId, winner]]);
      const holding = await prisma.account.findMany({ where: { anonymousIds: { has: anonymousId } }, select: { id: true } });
      expect(holding.map((each) => each.id)).toEqual([winner]);
    }
  });

  it.runIf(databaseKind === 'postgresql')('keeps every id when one account is identified with many at once', async () => {
    const id = await account();
    const anonymousIds = Array.from({ length: 20 }, () => unique('anon_many'));
    const answers = await Promise.all(anonymousIds.map((anonymousId) => rest('POST', '/api/identify', { body: { accountId: id, anonymousId } })));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect((await prisma.account.findUniqueOrThrow({ where: { id } })).anonymousIds.sort()).toEqual([...anonymousIds].sort());
  });
});

describe("an account's events", () => {
  const Events = `query($id: String!, $first: Int, $after: String) {
    account(id: $id) { events(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id eventTime } } } }
  }`;
  type Page = {
    account: { events: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string; eventTime: string } }[] } };
  };
  let accountId: string;
  const expected: string[] = [];

  beforeAll(async () => {
    const [before, other] = [unique('anon_'), unique('anon_')];
    accountId = await account();
    // 130 events as a visitor (more than a page of 100 and the old cap of 100), then identify, then 20 logged in.
    const batch = Array.from({ length: 130 }, (_, index) => ({
      id: `wev_hist${String(index).padStart(8, '0')}`,
      name: 'Page View',
      anonymousId: before,
      timestamp: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
    }));
    const first = await rest('POST', '/api/webevents/batch', { key: false, body: { batch } });
    expect(first.status, JSON.stringify(first.body).slice(0, 300)).toBe(200);
    await ok(Identify, { accountId, anonymousId: before });
    const loggedIn = Array.from({ length: 20 }, (_, index) => ({
      id: `wev_logd${String(index).padStart(8, '0')}`,
      name: 'Page View',
      account: accountId,
      timestamp: new Date(Date.UTC(2026, 0, 2, 0, index)).toISOString(),
    }));
    expect((await rest('POST', '/api/webevents/batch', { key: false, body: { batch: loggedIn } })).status).toBe(200);
    // Someone else's events are not the account's.
    await rest('POST', '/api/webevents', { key: false, body: { name: 'Page View', anonymousId: other } });
    expected.push(...[...batch, ...loggedIn].map((event) => event.id).reverse());
  });

  it('include the earlier anonymous ones, newest first, every one of them a page at a time', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page: Page = await ok<Page, unknown>(Events, { id: accountId, first: 100, after });
      expect(page.account.events.totalCount).toBe(150);
      seen.push(...page.account.events.edges.map((edge) => edge.node.id));
      if (!page.account.events.pageInfo.hasNextPage) break;
      after = page.account.events.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('refuses a cursor of another list', async () => {
    const response = await execute(Events, { id: accountId, first: 5, after: 'bm90IGEgY3Vyc29y' });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toMatch(/after: is not a cursor/);
  });
});
