// `warden db migrate`: applies pending migrations for the dialect of DATABASE_URL.
import { dbTarget } from "@/lib/db/client";
import { describeTarget } from "@/lib/db/raw";
import { migrate } from "@/lib/db/migrate";
import { parseFlags } from "./args";

export async function dbMigrate(args: string[]): Promise<number> {
  parseFlags(args, {});
  const target = dbTarget();
  const result = await migrate(target);
  console.log(`${describeTarget(target)}: ${result.applied.length} applied, ${result.alreadyApplied} already applied`);
  for (const name of result.applied) console.log(`  applied ${name}`);
  return 0;
}
