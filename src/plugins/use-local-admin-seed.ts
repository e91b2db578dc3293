// POST /local-admin/seed: the sample graph (npm run db:seed), added by the running server for the
// command, which cannot open the embedded database while the server holds it. Only the local
// administrator (the token in the data directory's lock file, readable by the server's user
// alone) may ask: to anyone else, admin keys included, the route does not exist, so sample data
// never lands in a database through the API.
import type { Plugin } from 'graphql-yoga';
import { localAdminKey } from '../auth/local-admin.js';
import { jsonResponse } from '../http/error-response.js';
import { apiKeyOf } from './use-api-key-auth.js';

export const localAdminSeedPath = '/local-admin/seed';

export function useLocalAdminSeed(): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== localAdminSeedPath || request.method !== 'POST' || apiKeyOf(request)?.id !== localAdminKey.id) return;
      // Loaded on the first seed: a server that never seeds never reads it.
      const { seedSampleGraph } = await import('../seed/sample-graph.js');
      endResponse(jsonResponse(200, { message: await seedSampleGraph() }));
    },
  };
}
