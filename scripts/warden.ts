// The `warden` CLI process entry: `npm run warden -- <command>` (commands and dispatch in scripts/cli.ts).
import { followClockFile } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { closeRawHandles } from "@/lib/db/raw";
import { disconnectDb } from "@/lib/db/client";
import { closeWarehouse } from "@/lib/warehouse/get-warehouse";
import { COMMANDS, runCli } from "./cli";

// Files the CLI creates (databases, the demo warehouse, secrets) are private whatever the shell's umask.
process.umask(0o077);

const argv = process.argv.slice(2);

// The CLI keeps the same business time as a server under test (instrumentation.ts does the same there), so
// `jobs run --once` finds due what that server would. Only for a real command: `help` reads no environment.
let clockFile: string | null = null;
if (COMMANDS[argv.slice(0, 2).join(" ")]) {
  try {
    clockFile = env().testClockFile;
  } catch {
    // An invalid environment: the command reports it on one line when it reads it.
  }
}
if (clockFile) {
  followClockFile(clockFile);
  console.warn(`[warden] TEST CLOCK: the clock follows ${clockFile} (WARDEN_TEST_CLOCK_FILE); never set this in production`);
}

void runCli(argv).then(async (code) => {
  await Promise.allSettled([disconnectDb(), closeWarehouse()]);
  await closeRawHandles();
  process.exit(code);
});
