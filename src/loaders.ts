// Per-request DataLoaders for reads that plugin-prisma cannot fold into the parent's query, because
// they follow no foreign key. Created fresh for every request (src/context.ts), so nothing is
// cached across callers.
import DataLoader from 'dataloader';
import { reader } from './db.js';
import type { WebEvent } from './generated/prisma/client.js';

export function createLoaders() {
  const webEventsByQuery = new Map<string, DataLoader<string, WebEvent | null>>();
  const historiesBySize = new Map<number, DataLoader<readonly string[], WebEvent[], string>>();
  return {
    // Web events by id, for results that are not fields plugin-prisma folds (a batch's results):
    // every id asked for with one selection is read in one statement.
    webEventById(query: { select?: object }) {
      const selection = JSON.stringify(query);
      let loader = webEventsByQuery.get(selection);
      if (!loader) {
        const withId = query.select ? { ...query, select: { ...query.select, id: true } } : query;
        loader = new DataLoader<string, WebEvent | null>(async (ids) => {
          const rows = await reader().webEvent.findMany({ ...withId, where: { id: { in: [...ids] } } });
          const byId = new Map(rows.map((row) => [row.id, row]));
          return ids.map((id) => byId.get(id) ?? null);
        });
        webEventsByQuery.set(selection, loader);
      }
      return loader;
    },

    // An account's anonymous ids name the visitor it was before logging in: the events those ids
    // made belong to the account's history, newest first across all of them, `first` at most. One
    // statement for the histories of every account in the response (by page size).
    webEventsByAnonymousIds(first: number) {
      let loader = historiesBySize.get(first);
      if (!loader) {
        loader = new DataLoader<readonly string[], WebEvent[], string>(
          async (idLists) => {
            const rows = await reader().$queryRaw<(WebEvent & { position: bigint })[]>`
              SELECT k.position, e.*
              FROM jsonb_array_elements(${JSON.stringify(idLists)}::jsonb) WITH ORDINALITY AS k(ids, position)
              CROSS JOIN LATERAL (
                SELECT w.* FROM "WebEvent" w
                WHERE w."anonymousId" = ANY(ARRAY(SELECT jsonb_array_elements_text(k.ids)))
                ORDER BY w."createdAt" DESC, w."id" DESC
                LIMIT ${first}
              ) e
              ORDER BY k.position, e."createdAt" DESC, e."id" DESC`;
            const histories = idLists.map((): WebEvent[] => []);
            for (const { position, ...event } of rows) histories[Number(position) - 1].push(event);
            return histories;
          },
          { cacheKeyFn: (ids) => JSON.stringify(ids) },
        );
        historiesBySize.set(first, loader);
      }
      return loader;
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
