// The `warden` CLI's commands and dispatch, apart from the process entry (scripts/warden.ts) so tests can run it
// in-process. Exit 0 on success; 1 with a one-line reason on failure; 2 on bad usage.
import { ZodError } from "zod";
import { AppError, toErrorResponse } from "@/lib/core/errors";
import { UsageError } from "./commands/args";

type Run = (args: string[]) => Promise<number>;
type Command = { usage: string; summary: string; run: Run };

// A command's modules load when it runs: loading every command's (Prisma, the warehouse, the exporters, argon2) cost
// each CLI process about two seconds before it did anything, and the tests start many of them (decision 038).
const lazy =
  <M>(load: () => Promise<M>, pick: (m: M) => Run): Run =>
  async (args) =>
    pick(await load())(args);

/** The four account commands share one module, each its own verb. */
const userManageRun = (verb: Parameters<typeof import("./commands/user-manage").userManage>[0]): Run =>
  lazy(
    () => import("./commands/user-manage"),
    (m) => m.userManage(verb),
  );

export const COMMANDS: Record<string, Command> = {
  "db migrate": {
    usage: "db migrate",
    summary: "apply pending migrations to DATABASE_URL",
    run: lazy(
      () => import("./commands/db-migrate"),
      (m) => m.dbMigrate,
    ),
  },
  "demo seed": {
    usage: "demo seed [--size N] [--seed S]",
    summary: "build the demo warehouse, catalog, users and grants",
    run: lazy(
      () => import("./commands/demo-seed"),
      (m) => m.demoSeed,
    ),
  },
  "demo info": {
    usage: "demo info [--url U]",
    summary: "print the console URL and the demo sign-ins",
    run: lazy(
      () => import("./commands/demo-info"),
      (m) => m.demoInfo,
    ),
  },
  "user create": {
    usage: "user create --email E --role R [--name N] [--password-stdin]",
    summary: "create a console user (a password is required unless single sign-on is configured)",
    run: lazy(
      () => import("./commands/user-create"),
      (m) => m.userCreate,
    ),
  },
  "user disable": {
    usage: "user disable --email E",
    summary: "disable an account; its sessions end at once",
    run: userManageRun("disable"),
  },
  "user enable": {
    usage: "user enable --email E",
    summary: "enable a disabled account",
    run: userManageRun("enable"),
  },
  "user set-role": {
    usage: "user set-role --email E --role R",
    summary: "change an account's role; its sessions end at once",
    run: userManageRun("set-role"),
  },
  "user sign-out": {
    usage: "user sign-out --email E",
    summary: "end every session of an account (sign out everywhere)",
    run: userManageRun("sign-out"),
  },
  "ledger verify": {
    usage: "ledger verify [--allow-pruned-payloads] [--trusted-key VKEY]... [--witness FILE | --no-witness]",
    summary: "recompute the chain, every signed checkpoint and the witness log; name the first bad seq or checkpoint and what is wrong",
    run: lazy(
      () => import("./commands/ledger-verify"),
      (m) => m.ledgerVerify,
    ),
  },
  "ledger prove": {
    usage: "ledger prove SEQ [--checkpoint SIZE] [--out FILE]",
    summary:
      "the inclusion proof of one entry against a signed checkpoint, as JSON; check it offline with `ledger verify --proof FILE [--trusted-key VKEY]`",
    run: lazy(
      () => import("./commands/ledger-prove"),
      (m) => m.ledgerProve,
    ),
  },
  "ledger bundle": {
    usage: "ledger bundle [--from T] [--to T] [--actor ID] [--role R] [--action A] [--tier T] [--dataset D] [--decision D] [--record ID] --out FILE",
    summary:
      "an evidence bundle of a period (entries, checkpoints, proofs, key, README), recorded in the ledger; check it offline with `ledger verify --bundle FILE [--trusted-key VKEY]`",
    run: lazy(
      () => import("./commands/ledger-bundle"),
      (m) => m.ledgerBundle,
    ),
  },
  "ledger checkpoint": {
    usage: "ledger checkpoint",
    summary: "sign a checkpoint of the whole ledger now",
    run: lazy(
      () => import("./commands/ledger-checkpoint"),
      (m) => m.ledgerCheckpoint,
    ),
  },
  "ledger rotate-key": {
    usage: "ledger rotate-key",
    summary: "replace the checkpoint signing key (a ledger entry signed by the old key); prints the new verifier key",
    run: lazy(
      () => import("./commands/ledger-rotate-key"),
      (m) => m.ledgerRotateKey,
    ),
  },
  "export trace": {
    usage: "export trace FILE [--dataset KEY@V]... [--json]",
    summary:
      "rank the exports a leaked CSV or XLSX file may come from, with each fingerprint channel's evidence and the false-attribution probability (ledgered); exit 1 when none is attributed",
    run: lazy(
      () => import("./commands/export-trace"),
      (m) => m.exportTrace,
    ),
  },
  "jobs run": {
    usage: "jobs run [--once]",
    summary: "run due background jobs: --once runs what is due and exits (for cron); without it, polls until SIGINT/SIGTERM",
    run: lazy(
      () => import("./commands/jobs-run"),
      (m) => m.jobsRun,
    ),
  },
  "export verify-manifest": {
    usage: "export verify-manifest ZIP [--trusted-key VKEY]...",
    summary: "check a downloaded export archive: its manifest's signature and that the file inside is the one it names",
    run: lazy(
      () => import("./commands/export-verify-manifest"),
      (m) => m.exportVerifyManifest,
    ),
  },
  "jobs status": {
    usage: "jobs status",
    summary: "per kind of job: last run, next run, queued, failures",
    run: lazy(
      () => import("./commands/jobs-status"),
      (m) => m.jobsStatus,
    ),
  },
  purge: {
    usage: "purge --dry-run | --execute",
    summary:
      "start a purge run and run it here: --dry-run reports the candidates and what the holds keep back; --execute deletes them (exit 3 when the circuit breaker stops it for approval)",
    run: lazy(
      () => import("./commands/purge"),
      (m) => m.purge,
    ),
  },
};

function help(): void {
  console.log("Usage: npm run warden -- <command>\n");
  for (const c of Object.values(COMMANDS)) console.log(`  ${c.usage}\n      ${c.summary}`);
}

export async function runCli(argv: string[]): Promise<number> {
  // Most commands are two words; a one-word command (purge) takes its flags right after it.
  const single = !COMMANDS[argv.slice(0, 2).join(" ")] && argv[0] !== undefined && Object.hasOwn(COMMANDS, argv[0]) && !argv[0].includes(" ");
  const name = single ? argv[0] : argv.slice(0, 2).join(" ");
  const command = COMMANDS[name];
  if (!command) {
    if (argv.length === 0 || (argv.length === 1 && (argv[0] === "help" || argv[0] === "--help"))) {
      help();
      return 0;
    }
    console.error(`warden: unknown command "${argv.join(" ")}"; run \`npm run warden -- help\``);
    return 2;
  }
  try {
    return await command.run(argv.slice(single ? 1 : 2));
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`warden ${name}: ${err.message}`);
      return 2;
    }
    // An operator gets the one-line reason, never a stack: startup errors (bad env, missing files, database
    // unreachable) are plain Errors whose message is that reason; domain errors go through the one mapper.
    const message =
      err instanceof AppError || err instanceof ZodError ? toErrorResponse(err).body.error.message : err instanceof Error ? err.message : String(err);
    const unmigrated = /no such table|relation "[^"]+" does not exist/.test(message);
    console.error(`warden: ${message.split("\n")[0]}${unmigrated ? " (is the database migrated? run `npm run db:migrate`)" : ""}`);
    return 1;
  }
}
