// Prisma 7 configuration. The datasource URL is only read by the Prisma CLI (for users who have
// internet and the native engines); the server itself picks its adapter in src/db.ts.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
    seed: 'tsx prisma/seed.ts',
  },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
  },
});
