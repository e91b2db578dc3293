// The production build: src/server.ts and what it imports, node_modules included, bundled into one
// file, dist/server.js, with its source map. Node 20 spends most of a start resolving and reading
// modules one by one (about 900 modules: half a second and more on a busy machine); one file
// takes a tenth of that. esbuild only strips types; `npm run typecheck` checks them.
// Plain JavaScript, so building needs nothing but node and esbuild. Then it makes the template
// new PGlite databases start from (src/pglite-template.ts).
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

// Left out of the bundle and imported from node_modules at run time:
const external = [
  // PGlite finds its WebAssembly and its file system image next to its modules, and the adapter
  // imports it (an import esbuild would hoist to the top of the bundle: PostgreSQL servers never
  // load PGlite).
  '@electric-sql/pglite',
  '@electric-sql/pglite/*',
  'pglite-prisma-adapter',
  // Prisma's query compiler: WebAssembly as 4.5 MB of base64, loaded by the first query.
  '@prisma/client/runtime/query_compiler_*',
  // Only `npm run db:migrate` runs the schema engine (through tsx, from the sources).
  '@prisma/schema-engine-wasm',
  '@prisma/schema-engine-wasm/*',
  // GraphiQL's page (about 9 MB), loaded on its first visit; Swagger UI's files are served from
  // its folder.
  '@graphql-yoga/render-graphiql',
  'swagger-ui-dist',
  // pg's optional native binding, never installed.
  'pg-native',
];

// `node scripts/build.mjs --outdir DIR` bundles the server alone into DIR (a folder inside the
// project, where it finds node_modules and prisma/): test/built-server.test.ts tests the bundle so.
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = values.outdir ?? 'dist';

if (!values.outdir) rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/server.ts'],
  outfile: path.join(outdir, 'server.js'),
  bundle: true,
  external,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The CommonJS packages in the bundle (graphql, pg, Prisma's runtime) call require for Node's
  // own modules.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  // Stack traces point into src/; the map leaves out the sources' text, which Node would hold in
  // memory all along (about 20 MB) only to quote a line of a crash.
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
});
console.log(`bundled src/server.ts into ${path.join(outdir, 'server.js')}`);
if (values.outdir) process.exit(0);

// The template new PGlite databases start from (src/pglite-template.ts): initdb's data directory
// with the migrations applied, so that a first start skips both; as a directory (copied into an
// empty DATA_DIR, owner-only like every data directory) and as a tarball (memory://). The modules
// that make it are bundled for the occasion and removed.
const maker = path.resolve('dist/make-pglite-template.js');
await build({
  stdin: {
    contents: [
      "export { applyMigrations } from './src/migrations/apply-migrations.ts';",
      "export { pgliteTransactions } from './src/migrations/pglite-transactions.ts';",
      "export { templateDir, templatePath } from './src/pglite-template.ts';",
      "export { restrictToOwner } from './src/data-dir-permissions.ts';",
    ].join('\n'),
    resolveDir: '.',
    loader: 'ts',
  },
  outfile: maker,
  bundle: true,
  packages: 'external',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
const { applyMigrations, pgliteTransactions, templateDir, templatePath, restrictToOwner } = await import(maker);
rmSync(maker);
const { PGlite } = await import('@electric-sql/pglite');
const template = new PGlite(templateDir);
await applyMigrations(pgliteTransactions(template));
writeFileSync(templatePath, Buffer.from(await (await template.dumpDataDir('gzip')).arrayBuffer()));
await template.close();
restrictToOwner(templateDir);
console.log(`made ${path.relative('.', templateDir)}/ and ${path.relative('.', templatePath)}`);
