// GraphiQL at /graphql in a browser, served whole by this server (@graphql-yoga/render-graphiql
// bundles its scripts and styles), so it works offline and behind firewalls that block CDNs. It
// opens on an example of this API and shows where the API key goes.
import type { GraphiQLOptions } from 'graphql-yoga';

const exampleQuery = `# Every query needs an API key with the read scope: make one with
#   npm run apikey:create -- --name me
# and paste it into the Authorization header below (Headers tab).
{
  leads(first: 5, orderBy: [{ field: createdAt, direction: DESC }]) {
    totalCount
    edges {
      node {
        id email processStatuses
        salesRep { firstName lastName }
        consumer { firstName addresses { line1 city { name state { code } } } }
        favorites(first: 3) { vin make model }
      }
    }
  }
}
`;

/** What the headers tab shows in place of a key; sent as it is, it stands for no key (src/auth/authorization-header.ts). */
export const keyPlaceholder = '<your API key>';

export const graphiqlOptions: GraphiQLOptions = {
  title: 'commerce-graph',
  defaultQuery: exampleQuery,
  headers: JSON.stringify({ Authorization: `Bearer ${keyPlaceholder}` }, null, 2),
  shouldPersistHeaders: false,
};
