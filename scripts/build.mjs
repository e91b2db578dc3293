// The production build: src/server.ts and what it imports, node_modules included, bundled into one
// file, dist/server.js, with its source map. Node 20 spends most of a start resolving and reading
// modules one by one (about 900 modules: half a second and more on a busy machine); one file
// takes a tenth of that. esbuild only strips types; `npm run typecheck` checks them.
// Plain JavaScript, so building needs nothing but node and esbuild. Then it makes the template
// new PGlite databases start from (src/pglite-template.ts).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// Prisma's query compiler comes as a module whose only content is its WebAssembly as a 4.4 MB base64
// string, which the process would hold twice for as long as it runs (the module's source and the
// string it exports, 8.7 MB of an idle server's heap): the bundle reads the WebAssembly from a file
// written next to it instead. The generated client's loader is checked word for word, so that a
// Prisma that loads it otherwise fails the build rather than being left half-changed.
const compilerModule = '@prisma/client/runtime/query_compiler_fast_bg.postgresql.wasm-base64.mjs';
const compilerFile = 'query-compiler.wasm';
const compilerLoader = `const { wasm } = await import("${compilerModule}")\n    return await decodeBase64AsWasm(wasm)`;
const compilerFromFile = {
  name: 'query-compiler-from-file',
  setup(build) {
    build.onLoad({ filter: /generated[\\/]prisma[\\/]internal[\\/]class\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes(compilerLoader)) throw new Error(`${args.path} no longer loads ${compilerModule} as the build expects: see scripts/build.mjs`);
      const fromFile = `return await WebAssembly.compile(await (await import('node:fs/promises')).readFile(new URL('./${compilerFile}', import.meta.url)))`;
      return { contents: text.replace(compilerLoader, fromFile), loader: 'ts' };
    });
  },
};

if (!values.outdir) rmSync('dist', { recursive: true, force: true });
await build({
  plugins: [compilerFromFile],
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
  // Whitespace and comments out, names kept: V8 holds the bundle's source for as long as the process
  // runs (lazy compilation, stack traces), and its non-ASCII comments made it a two-byte string of
  // 9.6 MB.
  minifyWhitespace: true,
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
});
const { wasm } = await import(compilerModule);
writeFileSync(path.join(outdir, compilerFile), Buffer.from(wasm, 'base64'));
console.log(`bundled src/server.ts into ${path.join(outdir, 'server.js')}, with ${compilerFile}`);
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
