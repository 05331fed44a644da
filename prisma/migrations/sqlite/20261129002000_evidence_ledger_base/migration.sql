-- Evidence-grade ledger, shared base (docs/decisions/017-evidence-grade-ledger.md).
-- disclosed_tier: the highest tier an access showed in clear, beside privacy_tier (the highest tier it asked for).
-- NULL on entries written before it existed and on entries that disclose nothing; the canonical form includes the
-- key only when it is set, so every earlier entry keeps its hash.
ALTER TABLE "ledger_entries" ADD COLUMN "disclosed_tier" TEXT;

-- Signed checkpoints: each commits to the ledger's first tree_size entries with an RFC 6962 Merkle root, signed
-- (Ed25519, C2SP signed note) by the key named by key_id. The note is stored verbatim, exactly as it was signed.
CREATE TABLE "ledger_checkpoints" (
    "tree_size" INTEGER NOT NULL PRIMARY KEY,
    "root_hash" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
);
