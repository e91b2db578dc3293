// /api/openapi.json (the REST layer's OpenAPI document) and /api/docs (a Swagger UI page for it,
// served from the swagger-ui-dist package, so it works without internet). From 150 tags and operations
// on, Swagger UI (5.35) virtualizes the operation list: only what is near the viewport is in the DOM,
// the rest is drawn on scrolling; test/browser.test.ts scrolls through and finds every operation.
import { Response } from '../http/response.js';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { errorModel, jsonResponse } from '../http/error-response.js';
import { openApiDocument } from './openapi.js';
import type { ExtraRoute, ExtraRoutes } from './use-rest-compat.js';

const require = createRequire(import.meta.url);
const swaggerUiDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
// A Map, not an object: the name comes from the request, and `constructor` is a property of every object.
const assets = new Map([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
]);

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>commerce-graph REST API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
  <div id="reference"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script>SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#reference', deepLinking: true });</script>
</body>
</html>
`;

export function docsRoutes(version: string): ExtraRoutes {
  const document = JSON.stringify(openApiDocument(version), null, 2);
  const notFound = () => jsonResponse(404, errorModel(404, 'Not Found'));
  return new Map<string, ExtraRoute>([
    [
      'openapi.json',
      (_request, rest) => (rest.length ? notFound() : new Response(document, { headers: { 'content-type': 'application/json; charset=utf-8' } })),
    ],
    [
      'docs',
      async (_request, rest) => {
        if (rest.length === 0) return new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } });
        const type = rest.length === 1 ? assets.get(rest[0]) : undefined;
        if (!type) return notFound();
        return new Response(await readFile(path.join(swaggerUiDir, rest[0])), {
          headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' },
        });
      },
    ],
  ]);
}
