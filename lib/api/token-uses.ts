// What a machine token may be used for (its "allowed uses"). Zod-free: the console's token form imports the labels.
import type { Permission } from "@/lib/core/permissions";

export const TOKEN_USES = ["events:write", "decisions:read", "ledger:read", "sla:write"] as const;
export type TokenUse = (typeof TOKEN_USES)[number];

export const TOKEN_USE_LABELS: Record<TokenUse, string> = {
  "events:write": "Report access events (POST /api/v1/access-events)",
  "decisions:read": "Ask for access decisions (POST /api/v1/decisions)",
  "ledger:read": "Read the ledger (entries, checkpoints, NDJSON export)",
  "sla:write": "Report SLA observations (POST /api/v1/sla/observations)",
};

/**
 * A token never reaches further than its owner could in the console: the use needs the owner's role to hold this
 * permission, when the token is created and on every call (a role can change later).
 */
export const USE_NEEDS: Record<TokenUse, Permission | null> = {
  "events:write": null,
  "decisions:read": "grant.read_all",
  "ledger:read": "ledger.read",
  "sla:write": null,
};

/** The prefix every token secret starts with, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_SECRET_PREFIX = "wdn_";
