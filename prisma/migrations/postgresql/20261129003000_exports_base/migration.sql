-- Exports (issue 8, docs/decisions/024-exports.md): the masking catalogue's rule names, and export requests.

-- The catalogue names its last-four rule show_last_4 (the issue's name); catalog rows follow.
UPDATE "dataset_columns" SET "mask_rule" = 'show_last_4' WHERE "mask_rule" = 'last4';

-- One analyst's export: what was asked (dataset, column plan, filters, format, purpose, options) frozen at submission,
-- the approval it needed and got, and once built, its file (name, SHA-256, rows) until it expires.
CREATE TABLE "exports" (
    "id" TEXT NOT NULL,
    "requester_id" TEXT NOT NULL,
    "dataset_key" TEXT NOT NULL,
    "dataset_version" INTEGER NOT NULL,
    "columns" TEXT NOT NULL,
    "filters" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "options" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "approval_required" BOOLEAN NOT NULL,
    "approval_reasons" TEXT NOT NULL,
    "policy_version" TEXT NOT NULL,
    "access_version" INTEGER NOT NULL,
    "row_estimate" INTEGER NOT NULL,
    "row_cap" INTEGER NOT NULL,
    "decided_by_id" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decision_comment" TEXT,
    "rows_written" INTEGER NOT NULL DEFAULT 0,
    "rows_total" INTEGER,
    "build_attempts" INTEGER NOT NULL DEFAULT 0,
    "build_started_at" TIMESTAMPTZ(3),
    "ready_at" TIMESTAMPTZ(3),
    "file_name" TEXT,
    "file_sha256" TEXT,
    "file_bytes" BIGINT,
    "row_count" INTEGER,
    "expires_at" TIMESTAMPTZ(3),
    "file_deleted_at" TIMESTAMPTZ(3),
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "exports_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "exports_requester_id_created_at_idx" ON "exports"("requester_id", "created_at");
CREATE INDEX "exports_status_created_at_idx" ON "exports"("status", "created_at");
CREATE INDEX "exports_dataset_key_dataset_version_idx" ON "exports"("dataset_key", "dataset_version");
ALTER TABLE "exports" ADD CONSTRAINT "exports_requester_id_fkey" FOREIGN KEY ("requester_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
