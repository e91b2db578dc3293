// Per-request DataLoaders for reads that plugin-prisma cannot fold into the parent's query, because
// they follow no foreign key. Created fresh for every request (src/context.ts), so nothing is
// cached across callers.
import DataLoader from 'dataloader';
import { prisma } from './db.js';
import type { WebEvent } from './generated/prisma/client.js';

/** How many of its newest web events each anonymous id brings along. */
export const webEventsPerAnonymousId = 100;

export function createLoaders() {
  const webEventsByQuery = new Map<string, DataLoader<string, WebEvent | null>>();
  return {
    // Web events by id, for results that are not fields plugin-prisma folds (a batch's results):
    // every id asked for with one selection is read in one statement.
    webEventById(query: { select?: object }) {
      const selection = JSON.stringify(query);
      let loader = webEventsByQuery.get(selection);
      if (!loader) {
        const withId = query.select ? { ...query, select: { ...query.select, id: true } } : query;
        loader = new DataLoader<string, WebEvent | null>(async (ids) => {
          const rows = await prisma.webEvent.findMany({ ...withId, where: { id: { in: [...ids] } } });
          const byId = new Map(rows.map((row) => [row.id, row]));
          return ids.map((id) => byId.get(id) ?? null);
        });
        webEventsByQuery.set(selection, loader);
      }
      return loader;
    },

    // An account's anonymous ids name the visitor it was before logging in: the events those ids
    // made belong to the account's history. One statement for every anonymous id in the response.
    webEventsByAnonymousId: new DataLoader<string, WebEvent[]>(async (anonymousIds) => {
      const rows = await prisma.$queryRaw<(WebEvent & { rank: bigint })[]>`
        SELECT * FROM (
          SELECT e.*, row_number() OVER (PARTITION BY e."anonymousId" ORDER BY e."createdAt" DESC, e."id" DESC) AS rank
          FROM "WebEvent" e
          WHERE e."anonymousId" = ANY(${[...anonymousIds]}::text[])
        ) ranked
        WHERE rank <= ${webEventsPerAnonymousId}`;
      const byId = new Map<string, WebEvent[]>(anonymousIds.map((id) => [id, []]));
      for (const { rank: _rank, ...event } of rows) byId.get(event.anonymousId!)!.push(event);
      return anonymousIds.map((id) => byId.get(id)!);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
