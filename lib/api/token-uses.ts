// What a machine token may be used for (its "allowed uses"). Zod-free: the console's token form imports the labels.

export const TOKEN_USES = ["events:write", "decisions:read", "ledger:read"] as const;
export type TokenUse = (typeof TOKEN_USES)[number];

export const TOKEN_USE_LABELS: Record<TokenUse, string> = {
  "events:write": "Report access events (POST /api/v1/access-events)",
  "decisions:read": "Ask for access decisions (POST /api/v1/decisions)",
  "ledger:read": "Read the ledger (entries, checkpoints, NDJSON export)",
};

/** The prefix every token secret starts with, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_SECRET_PREFIX = "wdn_";
