// Prisma's schema engine compiled to WebAssembly, driven through a driver adapter. The native
// engine that the Prisma CLI downloads cannot be fetched offline; this one ships in an npm package
// and applies the same migrations, keeping `_prisma_migrations` exactly as `prisma migrate deploy`.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

type Bindings = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
let loaded: Promise<Bindings> | undefined;

// The package's main entry imports the .wasm file as an ES module, which Node 20 cannot do, so the
// module is instantiated by hand with the JS glue as its import object.
// Imported when first needed: a start with nothing to migrate never loads it.
function loadBindings(): Promise<Bindings> {
  loaded ??= (async () => {
    const bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const require = createRequire(import.meta.url);
    const glue = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(path.join(path.dirname(glue), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bindings });
    const exports = instance.exports as Record<string, unknown> & { __wbindgen_start(): void };
    bindings.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return bindings;
  })();
  return loaded;
}

/** Runs `work` with a schema engine connected through `adapterFactory`, then frees the engine. */
export async function withSchemaEngine<T>(adapterFactory: SqlMigrationAwareDriverAdapterFactory, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadBindings();
  const engine = await SchemaEngine.new({ datamodels: undefined }, () => {}, bindMigrationAwareSqlAdapterFactory(adapterFactory));
  try {
    return await work(engine);
  } finally {
    engine.free();
  }
}
