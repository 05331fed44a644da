// The one authentication for /api/v1 (law 5 for machines): a bearer token, looked up by the SHA-256 of the secret
// (no secret is ever compared byte by byte), then expiry, revocation, the owner's account, the per-token rate limit
// (counters in the database, so every instance shares them) and finally the allowed use.
// A call with a valid token but the wrong use is recorded as a deny entry: a known party tried something it may not.
// A wrong, expired or revoked token is NOT recorded: anyone on the network can send one, and an anonymous client
// must not be able to fill the ledger. Those are answered 401 and logged nowhere but the access log.
import type { RequestMeta } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { ROLES, type Role } from "@/lib/core/permissions";
import { retryWhileBusy } from "@/lib/db/busy";
import { dbTarget, getDb } from "@/lib/db/client";
import { dateFromDb, queryRaw, type DbStamp } from "@/lib/db/raw";
import { countEvent } from "@/lib/auth/rate-limits";
import { requestMetaFromHeaders } from "@/lib/auth/request-meta";
import { appendLedgerEntry } from "@/lib/ledger/append";
import { governanceEntry } from "@/lib/ledger/unit-of-work";
import { ownerMayUse, parseUses } from "./api-tokens";
import { hashTokenSecret, TOKEN_SECRET_PATTERN } from "./token-secret";
import type { TokenUse } from "./token-uses";

/** What a refused call tried to do, in the refusal's words. */
const USE_VERBS: Record<TokenUse, string> = {
  "events:write": "report access events",
  "decisions:read": "ask for decisions",
  "ledger:read": "read the ledger",
  "sla:write": "report SLA observations",
};

/** Who calls: the token, and the console user who answers for it. */
export interface ApiCaller {
  tokenId: string;
  tokenName: string;
  owner: { id: string; role: Role };
  uses: TokenUse[];
  meta: RequestMeta;
}

const RATE_WINDOW_MS = 60_000;
/** last_used_at is a display, not an audit trail (the ledger is): refreshed at most once a minute per token. */
const TOUCH_EVERY_MS = 60_000;

export interface AuthOptions {
  /** Calls per token per minute; the deployment's setting unless a test says otherwise. */
  perMinute?: number;
  /** For the deny entry: which endpoint was refused. */
  path?: string;
}

export async function authenticateApi(req: Request, use: TokenUse, opts: AuthOptions = {}): Promise<ApiCaller> {
  const secret = bearerSecret(req.headers.get("authorization"));
  const row = await readTokenRow(hashTokenSecret(secret));
  if (!row) throw unauthenticated("The token is not valid.");
  const at = now();
  if (row.revokedAt) throw unauthenticated("This token has been revoked.");
  if (row.expiresAt.getTime() <= at.getTime()) throw unauthenticated("This token has expired; ask a privacy admin for a new one.");
  const role = (ROLES as readonly string[]).includes(row.owner.role) ? (row.owner.role as Role) : null;
  // A token acts for its owner: a disabled (or unreadable) owner disables every token they answer for.
  if (row.owner.status !== "active" || !role) throw unauthenticated("This token's owner is no longer an active console user.");

  const perMinute = opts.perMinute ?? env().apiRatePerMinute;
  const calls = await countEvent(`api:${row.id}`, RATE_WINDOW_MS, at.getTime());
  if (calls > perMinute) {
    throw new AppError("rate_limited", `This token may make ${perMinute} calls a minute; slow down and retry.`, {
      retryAfterSeconds: RATE_WINDOW_MS / 1000,
    });
  }

  const caller: ApiCaller = {
    tokenId: row.id,
    tokenName: row.name,
    owner: { id: row.owner.id, role },
    uses: parseUses(row.uses),
    meta: requestMetaFromHeaders(req.headers),
  };
  await touch(row.id, row.lastUsedAt, at);

  const refused = !caller.uses.includes(use)
    ? `This token is not allowed to ${USE_VERBS[use]} (it needs the use ${use}).`
    : !ownerMayUse(caller.owner, use)
      ? `This token's owner no longer has a role that may ${use}; a privacy admin must give the token another owner.`
      : null;
  if (refused) {
    await appendLedgerEntry(
      governanceEntry(caller.owner, caller.meta, {
        action: "api.access_denied",
        decision: "deny",
        privacyTier: "none",
        resource: `api_token:${row.id}`,
        purpose: refused,
        payload: { token_id: row.id, use_needed: use, ...(opts.path ? { path: opts.path.slice(0, 200) } : {}) },
      }),
    );
    throw new AppError("forbidden", refused);
  }
  return caller;
}

function bearerSecret(header: string | null): string {
  if (!header) throw unauthenticated("Send the token as Authorization: Bearer <token>.");
  const m = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header);
  if (!m) throw unauthenticated("The Authorization header must be Bearer <token>.");
  if (!TOKEN_SECRET_PATTERN.test(m[1])) throw unauthenticated("The token is not valid.");
  return m[1];
}

const unauthenticated = (message: string) => new AppError("unauthenticated", message);

// Every call reads this row, so it goes to the raw driver, as the session check does (decision 040): Prisma's
// findUnique with the owner cost more than a millisecond a call, a batch of ingest's biggest part after the ledger.
const TOKEN_ROW_SQL = `SELECT t.id, t.name, t.uses, t.expires_at, t.revoked_at, t.last_used_at, u.id AS owner_id, u.role AS owner_role,
  u.status AS owner_status
FROM api_tokens t JOIN users u ON u.id = t.owner_id WHERE t.token_hash = ?`;

interface TokenRow {
  id: string;
  name: string;
  uses: string;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  owner: { id: string; role: string; status: string };
}

async function readTokenRow(tokenHash: string): Promise<TokenRow | null> {
  // Through lib/db/busy.ts as Prisma's adapter did: a WAL reader can meet a busy wal-index while another process checkpoints.
  const [r] = await retryWhileBusy(
    () =>
      queryRaw<{
        id: string;
        name: string;
        uses: string;
        expires_at: DbStamp;
        revoked_at: DbStamp | null;
        last_used_at: DbStamp | null;
        owner_id: string;
        owner_role: string;
        owner_status: string;
      }>(dbTarget(), TOKEN_ROW_SQL, [tokenHash]),
    { what: "the console database" },
  );
  if (!r) return null;
  return {
    id: r.id,
    name: r.name,
    uses: r.uses,
    expiresAt: dateFromDb(r.expires_at),
    revokedAt: r.revoked_at === null ? null : dateFromDb(r.revoked_at),
    lastUsedAt: r.last_used_at === null ? null : dateFromDb(r.last_used_at),
    owner: { id: r.owner_id, role: r.owner_role, status: r.owner_status },
  };
}

async function touch(id: string, last: Date | null, at: Date): Promise<void> {
  if (last && at.getTime() - last.getTime() < TOUCH_EVERY_MS) return;
  try {
    await getDb().apiToken.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(at.getTime() - TOUCH_EVERY_MS) } }] },
      data: { lastUsedAt: at },
    });
  } catch (err) {
    // A display field: a busy database must not turn a good call away.
    console.warn("[warden] could not record a token's last use", err instanceof Error ? err.message : err);
  }
}
