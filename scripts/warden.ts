// The `warden` CLI process entry: `npm run warden -- <command>` (commands and dispatch in scripts/cli.ts).
import { closeRawHandles } from "@/lib/db/raw";
import { disconnectDb } from "@/lib/db/client";
import { closeWarehouse } from "@/lib/warehouse/get-warehouse";
import { runCli } from "./cli";

// Files the CLI creates (databases, the demo warehouse, secrets) are private whatever the shell's umask.
process.umask(0o077);

void runCli(process.argv.slice(2)).then(async (code) => {
  await Promise.allSettled([disconnectDb(), closeWarehouse()]);
  await closeRawHandles();
  process.exit(code);
});
