// The `warden` CLI: `npm run warden -- <command>`. Exit 0 on success; non-zero with a one-line reason.
import { ZodError } from "zod";
import { AppError, toErrorResponse } from "@/lib/core/errors";
import { closeRawHandles } from "@/lib/db/raw";
import { disconnectDb } from "@/lib/db/client";
import { closeWarehouse } from "@/lib/warehouse/get-warehouse";
import { dbMigrate } from "./commands/db-migrate";
import { demoInfo } from "./commands/demo-info";
import { demoSeed } from "./commands/demo-seed";
import { ledgerVerify } from "./commands/ledger-verify";
import { userCreate } from "./commands/user-create";

type Command = { usage: string; run: (args: string[]) => Promise<number> };

const COMMANDS: Record<string, Command> = {
  "db migrate": { usage: "db migrate                      apply pending migrations to DATABASE_URL", run: dbMigrate },
  "demo seed": { usage: "demo seed [--size N] [--seed S] build the demo warehouse, catalog, users and grants", run: demoSeed },
  "demo info": { usage: "demo info [--url U]             print the console URL and the demo sign-ins", run: demoInfo },
  "user create": { usage: "user create --email E --role R [--name N] [--password-stdin]", run: userCreate },
  "ledger verify": { usage: "ledger verify                   recompute the hash chain; names the first bad seq", run: ledgerVerify },
};

function help(): void {
  console.log("Usage: npm run warden -- <command>\n");
  for (const c of Object.values(COMMANDS)) console.log("  " + c.usage);
}

async function main(argv: string[]): Promise<number> {
  const name = argv.slice(0, 2).join(" ");
  const command = COMMANDS[name];
  if (!command) {
    if (argv.length === 0 || argv[0] === "help" || argv[0] === "--help") {
      help();
      return 0;
    }
    console.error(`warden: unknown command "${argv.join(" ")}"; run \`npm run warden -- help\``);
    return 2;
  }
  return command.run(argv.slice(2));
}

// The chain ends in process.exit, so nothing is left to await.
void main(process.argv.slice(2))
  .catch((err: unknown) => {
    // An operator gets the one-line reason, never a stack: startup errors (bad env, missing files, database
    // unreachable) are plain Errors whose message is that reason; domain errors go through the one mapper.
    const message = err instanceof AppError || err instanceof ZodError ? toErrorResponse(err).body.error.message : err instanceof Error ? err.message : String(err);
    const unmigrated = /no such table|relation "[^"]+" does not exist/.test(message);
    console.error(`warden: ${message.split("\n")[0]}${unmigrated ? " (is the database migrated? run `npm run db:migrate`)" : ""}`);
    return 1;
  })
  .then(async (code) => {
    await Promise.allSettled([disconnectDb(), closeWarehouse()]);
    await closeRawHandles();
    process.exit(code);
  });
