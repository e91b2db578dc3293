// The production build: every TypeScript file of src/ compiled to dist/ one for one (no bundle:
// the migrations, the WebAssembly schema engine and Swagger UI's assets are found relative to
// their modules), with source maps. esbuild only strips types; `npm run typecheck` checks them.
// Plain JavaScript, so building needs nothing but node and esbuild. Then it makes the template
// new PGlite databases start from (src/pglite-template.ts).
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const sources = readdirSync('src', { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
  .map((entry) => path.join(entry.parentPath, entry.name));

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: sources,
  outdir: 'dist',
  outbase: 'src',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});
console.log(`built ${sources.length} modules into dist/`);

// The template new PGlite databases start from (src/pglite-template.ts): initdb's data directory
// with the migrations applied, so that a first start skips both.
const { PGlite } = await import('@electric-sql/pglite');
const { applyMigrations } = await import('../dist/migrations/apply-migrations.js');
const { pgliteTransactions } = await import('../dist/migrations/pglite-transactions.js');
const { templatePath } = await import('../dist/pglite-template.js');
const template = new PGlite();
await applyMigrations(pgliteTransactions(template));
writeFileSync(templatePath, Buffer.from(await (await template.dumpDataDir('gzip')).arrayBuffer()));
await template.close();
console.log(`made ${path.relative('.', templatePath)}`);
