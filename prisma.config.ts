// Prisma CLI configuration. Runtime clients are built in lib/db/client.ts with driver adapters;
// migrations are applied by the project's runner (npm run db:migrate), not by the CLI.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations/postgresql" },
});
