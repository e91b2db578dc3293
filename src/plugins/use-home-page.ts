// GET / in a browser: a page that leads to the two ways in, GraphiQL and the REST reference.
import { Response } from '../http/response.js';
import type { Plugin } from 'graphql-yoga';

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>commerce-graph</title>
  <style>body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; }</style>
</head>
<body>
  <h1>commerce-graph</h1>
  <p>The entity graph of an automotive commerce platform, as a GraphQL API and as REST routes.</p>
  <ul>
    <li><a href="/graphql">GraphiQL</a>: write and run GraphQL queries (with an API key in the Authorization header)</li>
    <li><a href="/api/docs">REST reference</a>: every route, from the OpenAPI document at <a href="/api/openapi.json">/api/openapi.json</a></li>
  </ul>
  <p>Make a key with <code>npm run apikey:create -- --name me</code>.</p>
</body>
</html>
`;

export function useHomePage(): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== '/' || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      endResponse(new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } }));
    },
  };
}
