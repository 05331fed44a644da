// Environment, validated once. Nothing else reads process.env.
// Secrets missing from the environment are generated once into the data directory (mode 600), so the
// embedded default starts with no setup; production sets them explicitly.
import type { PrivacyTier } from "./tiers";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import { z } from "zod";
import { parseCidrList, type Cidr } from "./cidr";
import { ensurePrivateDir } from "./private-files";

const ZEnv = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().min(1).default("127.0.0.1"),
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    WARDEN_DATA_DIR: z.string().min(1).default("./data"),
    DATABASE_URL: z.string().optional(),
    WAREHOUSE_URL: z.string().optional(),
    NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
    NEXTAUTH_URL: z.string().url().optional(),
    WARDEN_HASH_KEY: z.string().min(32, "WARDEN_HASH_KEY must be at least 32 characters").optional(),
    WARDEN_DEMO_PASSWORD: z.string().min(8, "WARDEN_DEMO_PASSWORD must be at least 8 characters").default("warden-demo-2026"),
    OIDC_ISSUER: z.string().url().optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    OIDC_NAME: z.string().default("Single sign-on"),
    SESSION_MAX_AGE_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(8 * 60 * 60),
    SIGNIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
    SIGNIN_LOCK_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(15 * 60),
    SESSION_IDLE_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(30 * 60),
    SIGNIN_IP_MAX_FAILURES: z.coerce.number().int().positive().default(20),
    SIGNIN_IP_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(15 * 60),
    LEDGER_ANON_PER_IP_PER_MINUTE: z.coerce.number().int().min(0).default(10),
    LEDGER_ANON_PER_MINUTE: z.coerce.number().int().min(0).default(120),
    TRUSTED_PROXIES: z.string().default(""),
    WARDEN_DB_LOCK_WAIT_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
    WARDEN_VIEW_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(30)
      .max(24 * 60 * 60)
      .default(15 * 60),
    WARDEN_TEST_CLOCK_FILE: z.string().min(1).optional(),
    WARDEN_JOBS: z.enum(["on", "off"]).default("on"),
    WARDEN_JOBS_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    WARDEN_SERVER_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
    WARDEN_BREAK_GLASS_WEBHOOK_URL: z.string().url().optional(),
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
    WARDEN_WEBHOOK_SECRET: z.string().min(32, "WARDEN_WEBHOOK_SECRET must be at least 32 characters").optional(),
    WARDEN_LEDGER_KEY: z.string().startsWith("PRIVATE+KEY+", "WARDEN_LEDGER_KEY must be a signer key (PRIVATE+KEY+name+hash+key)").optional(),
    WARDEN_LEDGER_KEY_FILE: z.string().min(1).optional(),
    WARDEN_LEDGER_ORIGIN: z
      .string()
      .regex(/^[^\s+]+$/, "WARDEN_LEDGER_ORIGIN has no spaces or '+' (it names the signing key too)")
      .default("warden/ledger"),
    WARDEN_WITNESS_LOG: z.string().min(1).optional(),
    WARDEN_CHECKPOINT_EVERY_ENTRIES: z.coerce.number().int().min(1).default(1_000),
    WARDEN_CHECKPOINT_EVERY_MINUTES: z.coerce.number().positive().default(5),
    WARDEN_EXPORT_DIR: z.string().min(1).optional(),
    WARDEN_EXPORT_TTL_DAYS: z.coerce.number().positive().max(365).default(7),
    WARDEN_EXPORT_LINK_MINUTES: z.coerce
      .number()
      .positive()
      .max(24 * 60)
      .default(15),
    WARDEN_EXPORT_ROW_CAPS: z
      .string()
      .regex(
        /^\s*(none|pii_basic|pii_sensitive|pii_tax|background)=\d+(\s*,\s*(none|pii_basic|pii_sensitive|pii_tax|background)=\d+)*\s*$/,
        "WARDEN_EXPORT_ROW_CAPS is tier=rows pairs, e.g. pii_sensitive=100000,pii_tax=50000",
      )
      .optional(),
    WARDEN_EXPORT_ENCODE_THREADS: z.coerce.number().int().min(0).max(16).optional(),
    WARDEN_PURGE_BATCH_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(200_000),
    WARDEN_PURGE_BATCH_SECONDS: z.coerce.number().int().min(1).max(600).default(3),
    WARDEN_PURGE_BREAKER_MULTIPLE: z.coerce.number().min(1).max(1_000).default(3),
    WARDEN_PURGE_BREAKER_MIN_ROWS: z.coerce.number().int().min(0).default(10_000),
    WARDEN_PURGE_HOUR_UTC: z.coerce.number().int().min(0).max(23).default(2),
    WARDEN_PURGE_LEASE_SECONDS: z.coerce.number().int().min(5).max(3_600).default(60),
    WARDEN_SLA_WEBHOOK_URL: z.string().url().optional(),
    WARDEN_SLA_EVALUATE_MINUTES: z.coerce.number().int().min(1).max(60).default(5),
  })
  .refine((e) => !e.WARDEN_BREAK_GLASS_WEBHOOK_URL || e.WARDEN_WEBHOOK_SECRET, {
    message: "WARDEN_BREAK_GLASS_WEBHOOK_URL needs WARDEN_WEBHOOK_SECRET (the body is signed with it)",
    path: ["WARDEN_BREAK_GLASS_WEBHOOK_URL"],
  })
  .refine((e) => !e.WARDEN_SLA_WEBHOOK_URL || e.WARDEN_WEBHOOK_SECRET, {
    message: "WARDEN_SLA_WEBHOOK_URL needs WARDEN_WEBHOOK_SECRET (the body is signed with it)",
    path: ["WARDEN_SLA_WEBHOOK_URL"],
  })
  .refine((e) => !e.OIDC_ISSUER || (e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET), {
    message: "OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET",
    path: ["OIDC_ISSUER"],
  });

export interface Env {
  nodeEnv: "development" | "production" | "test";
  /** Where scripts/server.ts listens (flags -H/-p override). */
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string;
  warehouseUrl: string;
  authSecret: string;
  hashKey: string;
  demoPassword: string;
  oidc: { issuer: string; clientId: string; clientSecret: string; name: string } | null;
  sessionMaxAgeSeconds: number;
  signInMaxFailures: number;
  signInLockSeconds: number;
  /** A session unused this long ends (on top of the absolute sessionMaxAgeSeconds). */
  sessionIdleSeconds: number;
  /** Failed sign-ins one client address may make per window before it is refused outright. */
  signInIpMaxFailures: number;
  signInIpWindowSeconds: number;
  /** Ledger entries anonymous clients may cause per minute (per address / in all); the rest are aggregated. */
  ledgerAnonPerIpPerMinute: number;
  ledgerAnonPerMinute: number;
  /** Proxies whose X-Forwarded-For and x-request-id are believed; empty = trust nothing. */
  trustedProxies: Cidr[];
  /** How long a request waits, asynchronously, for a database lock before it fails with 503. */
  dbLockWaitMs: number;
  /** How long a search or record view can be shown again (same user) without reading the data again. */
  viewTtlSeconds: number;
  /** NEXTAUTH_URL uses https: cookies are Secure and HSTS is sent. */
  https: boolean;
  /** End-to-end tests only: the clock follows the offset in this file (lib/core/clock.ts). */
  testClockFile: string | null;
  /** Whether the server runs due jobs itself (off: a cron line runs `warden jobs run --once`). */
  jobsInProcess: boolean;
  /** How often the in-process job runner looks for due jobs. */
  jobsPollMs: number;
  /**
   * Processes scripts/server.ts serves with (node:cluster): WARDEN_SERVER_WORKERS, else one per core this process may
   * use, at most 4 (each holds ~0.4 GB while serving; decisions 040, 045). The development server always uses one.
   */
  serverWorkers: number;
  /** Break-glass alerts are also POSTed here, signed with webhookSecret (HMAC-SHA256). */
  breakGlassWebhook: { url: string; secret: string } | null;
  /** SLA alerts (breach, fast burn) are also POSTed here, signed like the break-glass webhook. */
  slaWebhook: { url: string; secret: string } | null;
  /** How often the SLA evaluation job (governance SLIs, alerts) runs. */
  slaEvaluateMs: number;
  /** Calls per machine token per minute on /api/v1 (a batch of events is one call). */
  apiRatePerMinute: number;
  /** The ledger's checkpoint signing key (decision 018): inline (WARDEN_LEDGER_KEY) or a file, never the database. */
  ledgerKey: { inline: string | null; file: string };
  /** The checkpoints' origin line, and the name of a generated key. */
  ledgerOrigin: string;
  /** Every checkpoint's signed note is appended here too (the witness log). */
  witnessLogPath: string;
  /** Where built export files live (private directory; never served directly). */
  exportDir: string;
  /** A built export's file is deleted this many days after it is ready. */
  exportTtlDays: number;
  /** A signed download link works this long. */
  exportLinkMinutes: number;
  /** The most rows one export may have, by the highest tier it carries (defaults + WARDEN_EXPORT_ROW_CAPS overrides). */
  exportRowCaps: Record<PrivacyTier, number>;
  /** A checkpoint is made once this many entries are uncovered, or after checkpointEveryMs with any uncovered. */
  checkpointEveryEntries: number;
  checkpointEveryMs: number;
  /** Encoder threads that help a CSV build's process turn rows into bytes (0: its main thread alone). */
  exportEncodeThreads: number;
  /** Records one purge batch deletes (and checks against the holds under the lease). */
  purgeBatchRows: number;
  /** How long a purge batch should hold the lease: batches grow towards it (up to purgeBatchRows) and shrink past it. */
  purgeBatchTargetMs: number;
  /** An execute run that would delete more than this multiple of the usual volume stops until a privacy admin approves it. */
  purgeBreakerMultiple: number;
  /** Below this many deletions the breaker never trips (a small run is never unusual enough to stop). */
  purgeBreakerMinRows: number;
  /** The nightly purge runs at this hour, UTC. */
  purgeHourUtc: number;
  /** A batch's lease on the purge lock lasts this long; a crashed batch's lease lapses after it. */
  purgeLeaseMs: number;
}

let cached: Env | null = null;

export function env(): Env {
  if (cached) return cached;
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment: ${issue.path.join(".")}: ${issue.message}`);
  }
  const e = parsed.data;
  const trustedProxies = parseCidrList(e.TRUSTED_PROXIES);
  if (!trustedProxies.ok) throw new Error(`Invalid environment: TRUSTED_PROXIES: ${trustedProxies.error}`);
  const dataDir = path.resolve(e.WARDEN_DATA_DIR);
  // On PostgreSQL several instances share one database: a secret generated per machine would split sessions
  // and ip/email hashes between them, so production must set both explicitly.
  if (e.DATABASE_URL && /^postgres(ql)?:/.test(e.DATABASE_URL) && !(e.NEXTAUTH_SECRET && e.WARDEN_HASH_KEY)) {
    throw new Error("Invalid environment: NEXTAUTH_SECRET and WARDEN_HASH_KEY must be set when DATABASE_URL is PostgreSQL");
  }
  const secrets = e.NEXTAUTH_SECRET && e.WARDEN_HASH_KEY ? null : localSecrets(dataDir);
  cached = {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? `file:${path.join(dataDir, "warden.db")}`,
    warehouseUrl: e.WAREHOUSE_URL ?? `file:${path.join(dataDir, "warehouse.db")}`,
    authSecret: e.NEXTAUTH_SECRET ?? secrets!.authSecret,
    hashKey: e.WARDEN_HASH_KEY ?? secrets!.hashKey,
    demoPassword: e.WARDEN_DEMO_PASSWORD,
    oidc: e.OIDC_ISSUER ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID!, clientSecret: e.OIDC_CLIENT_SECRET!, name: e.OIDC_NAME } : null,
    sessionMaxAgeSeconds: e.SESSION_MAX_AGE_SECONDS,
    signInMaxFailures: e.SIGNIN_MAX_FAILURES,
    signInLockSeconds: e.SIGNIN_LOCK_SECONDS,
    sessionIdleSeconds: e.SESSION_IDLE_SECONDS,
    signInIpMaxFailures: e.SIGNIN_IP_MAX_FAILURES,
    signInIpWindowSeconds: e.SIGNIN_IP_WINDOW_SECONDS,
    ledgerAnonPerIpPerMinute: e.LEDGER_ANON_PER_IP_PER_MINUTE,
    ledgerAnonPerMinute: e.LEDGER_ANON_PER_MINUTE,
    trustedProxies: trustedProxies.cidrs,
    dbLockWaitMs: e.WARDEN_DB_LOCK_WAIT_MS,
    viewTtlSeconds: e.WARDEN_VIEW_TTL_SECONDS,
    https: e.NEXTAUTH_URL?.startsWith("https:") ?? false,
    testClockFile: e.WARDEN_TEST_CLOCK_FILE ?? null,
    jobsInProcess: e.WARDEN_JOBS === "on",
    jobsPollMs: e.WARDEN_JOBS_POLL_MS,
    serverWorkers: e.WARDEN_SERVER_WORKERS ?? Math.min(os.availableParallelism(), 4),
    breakGlassWebhook: e.WARDEN_BREAK_GLASS_WEBHOOK_URL ? { url: e.WARDEN_BREAK_GLASS_WEBHOOK_URL, secret: e.WARDEN_WEBHOOK_SECRET! } : null,
    apiRatePerMinute: e.API_RATE_LIMIT_PER_MINUTE,
    ledgerKey: { inline: e.WARDEN_LEDGER_KEY ?? null, file: e.WARDEN_LEDGER_KEY_FILE ?? path.join(dataDir, "ledger-signing.key") },
    ledgerOrigin: e.WARDEN_LEDGER_ORIGIN,
    witnessLogPath: e.WARDEN_WITNESS_LOG ?? path.join(dataDir, "ledger-witness.log"),
    checkpointEveryEntries: e.WARDEN_CHECKPOINT_EVERY_ENTRIES,
    checkpointEveryMs: Math.round(e.WARDEN_CHECKPOINT_EVERY_MINUTES * 60_000),
    exportDir: e.WARDEN_EXPORT_DIR ? path.resolve(e.WARDEN_EXPORT_DIR) : path.join(dataDir, "exports"),
    exportTtlDays: e.WARDEN_EXPORT_TTL_DAYS,
    exportLinkMinutes: e.WARDEN_EXPORT_LINK_MINUTES,
    exportRowCaps: parseRowCaps(e.WARDEN_EXPORT_ROW_CAPS),
    // Default: one thread per core beside the one reading the warehouse, at most two (more cost RSS and gain little).
    exportEncodeThreads: e.WARDEN_EXPORT_ENCODE_THREADS ?? Math.min(2, Math.max(0, os.availableParallelism() - 1)),
    purgeBatchRows: e.WARDEN_PURGE_BATCH_ROWS,
    purgeBatchTargetMs: e.WARDEN_PURGE_BATCH_SECONDS * 1_000,
    purgeBreakerMultiple: e.WARDEN_PURGE_BREAKER_MULTIPLE,
    purgeBreakerMinRows: e.WARDEN_PURGE_BREAKER_MIN_ROWS,
    purgeHourUtc: e.WARDEN_PURGE_HOUR_UTC,
    purgeLeaseMs: e.WARDEN_PURGE_LEASE_SECONDS * 1_000,
    slaWebhook: e.WARDEN_SLA_WEBHOOK_URL ? { url: e.WARDEN_SLA_WEBHOOK_URL, secret: e.WARDEN_WEBHOOK_SECRET! } : null,
    slaEvaluateMs: e.WARDEN_SLA_EVALUATE_MINUTES * 60_000,
  };
  return cached;
}

/** Defaults: the more sensitive the tier, the smaller the file that may leave. */
export const DEFAULT_EXPORT_ROW_CAPS: Readonly<Record<PrivacyTier, number>> = {
  none: 1_000_000,
  pii_basic: 1_000_000,
  pii_sensitive: 100_000,
  pii_tax: 50_000,
  background: 10_000,
};

function parseRowCaps(text: string | undefined): Record<PrivacyTier, number> {
  const caps = { ...DEFAULT_EXPORT_ROW_CAPS };
  for (const pair of (text ?? "").split(",").filter((p) => p.trim() !== "")) {
    const [tier, rows] = pair.split("=").map((x) => x.trim());
    caps[tier as PrivacyTier] = Number(rows);
  }
  return caps;
}

function localSecrets(dataDir: string): { authSecret: string; hashKey: string } {
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  ensurePrivateDir(dataDir);
  const secrets = { authSecret: randomBytes(32).toString("base64url"), hashKey: randomBytes(32).toString("base64url") };
  // "wx" fails if another process won the race; then read what it wrote.
  try {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: "wx" });
    return secrets;
  } catch {
    return JSON.parse(readFileSync(file, "utf8"));
  }
}
