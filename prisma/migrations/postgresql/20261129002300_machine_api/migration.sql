-- Machine API (docs/decisions/021-machine-api.md): tokens that privacy admins issue to other systems, and the
-- receipts that make access-event ingest idempotent.

-- A token is stored only as the SHA-256 of its secret (high entropy, so a plain hash is enough); token_prefix is
-- the first characters of the secret, to recognise it in a list. uses: JSON array of allowed uses.
CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    "uses" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "token_prefix" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by_id" TEXT,
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");
CREATE INDEX "api_tokens_owner_id_idx" ON "api_tokens"("owner_id");
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- One receipt per ingested event, written in the same transaction as its ledger entry: a retried event_id finds
-- its receipt and is answered "duplicate" with the original seq, never appended twice.
CREATE TABLE "ingest_receipts" (
    "event_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "token_id" TEXT NOT NULL,
    "received_at" TEXT NOT NULL,

    CONSTRAINT "ingest_receipts_pkey" PRIMARY KEY ("event_id")
);
