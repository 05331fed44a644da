// `warden demo seed [--size N] [--seed S]`: migrates, then builds the demo warehouse, catalog, users and grants.
import { z } from "zod";
import { env } from "@/lib/core/env";
import { tightenDataDir } from "@/lib/core/private-files";
import { dbTarget } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { seedDemo } from "@/lib/demo/seed-demo";
import { parseFlags, UsageError } from "./args";

const ZFlags = z.object({
  size: z.coerce
    .number({ error: "--size must be a whole number" })
    .int("--size must be a whole number")
    .min(10, "--size must be at least 10")
    .max(10_000_000, "--size must be at most 10000000")
    .default(5_000),
  seed: z.coerce
    .number({ error: "--seed must be a whole number" })
    .int("--seed must be a whole number")
    .min(0, "--seed must be 0 or more")
    .max(2 ** 31 - 1, "--seed must be below 2147483648")
    .default(42),
});

export async function demoSeed(args: string[]): Promise<number> {
  let flags: z.infer<typeof ZFlags>;
  try {
    const parsed = ZFlags.safeParse(parseFlags(args, { size: { type: "string" }, seed: { type: "string" } }));
    if (!parsed.success) throw new UsageError(parsed.error.issues[0].message);
    flags = parsed.data;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`warden demo seed: ${err.message}`);
    return 2;
  }
  const corrected = tightenDataDir(env().dataDir);
  if (corrected.length > 0) {
    console.warn(`warning: ${env().dataDir} was readable by other users; corrected: ${corrected.join(", ")}`);
  }
  await migrate(dbTarget());
  const summary = await seedDemo({
    size: flags.size,
    seed: flags.seed,
    onProgress: (done, total) => process.stdout.write(`\r  warehouse: ${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")} rows`),
  });
  process.stdout.write("\n");
  for (const line of summary) console.log(line);
  return 0;
}
