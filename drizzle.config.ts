import { defineConfig } from 'drizzle-kit';

// Migrations are generated once into drizzle/ and applied at start on both PGlite and Postgres.
export default defineConfig({
  dialect: 'postgresql',
  schema: './lib/db/schema/index.ts',
  out: './drizzle',
});
