-- Legal holds, retention and the purge engine (issue 9).

-- Legal matters and their holds (issue 9, docs/decisions/030-legal-holds.md): a hold's targets and the matter's custodians.
CREATE TABLE "matters" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "legal_reference" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "closed_by_id" TEXT,
    "closed_at" DATETIME,
    "close_reason" TEXT,
    CONSTRAINT "matters_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "matters_status_created_at_idx" ON "matters"("status", "created_at");
CREATE TABLE "legal_holds" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "matter_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "activated_by_id" TEXT,
    "activated_at" DATETIME,
    "activation_reason" TEXT,
    "release_requested_by_id" TEXT,
    "release_requested_at" DATETIME,
    "release_reason" TEXT,
    "released_by_id" TEXT,
    "released_at" DATETIME,
    CONSTRAINT "legal_holds_matter_id_fkey" FOREIGN KEY ("matter_id") REFERENCES "matters" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "legal_holds_matter_id_idx" ON "legal_holds"("matter_id");
CREATE INDEX "legal_holds_status_idx" ON "legal_holds"("status");
CREATE TABLE "legal_hold_targets" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hold_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "from_day" TEXT,
    "to_day" TEXT,
    "created_at" DATETIME NOT NULL,
    CONSTRAINT "legal_hold_targets_hold_id_fkey" FOREIGN KEY ("hold_id") REFERENCES "legal_holds" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "legal_hold_targets_hold_id_idx" ON "legal_hold_targets"("hold_id");
CREATE INDEX "legal_hold_targets_kind_value_idx" ON "legal_hold_targets"("kind", "value");
CREATE TABLE "matter_custodians" (
    "matter_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "added_by_id" TEXT NOT NULL,
    "added_at" DATETIME NOT NULL,
    "acknowledged_at" DATETIME,
    PRIMARY KEY ("matter_id", "user_id"),
    CONSTRAINT "matter_custodians_matter_id_fkey" FOREIGN KEY ("matter_id") REFERENCES "matters" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "matter_custodians_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "matter_custodians_user_id_idx" ON "matter_custodians"("user_id");

-- Retention policies per dataset, versioned (docs/decisions/032-retention-defaults.md).
CREATE TABLE "retention_policies" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dataset_key" TEXT NOT NULL,
    "dataset_version" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "days" INTEGER NOT NULL,
    "date_column" TEXT NOT NULL,
    "legal_basis" TEXT NOT NULL,
    "state_overrides" TEXT NOT NULL,
    "current" BOOLEAN NOT NULL,
    "created_by_id" TEXT,
    "created_at" DATETIME NOT NULL,
    "change_reason" TEXT
);
CREATE UNIQUE INDEX "retention_policies_dataset_key_dataset_version_version_key" ON "retention_policies"("dataset_key", "dataset_version", "version");
CREATE INDEX "retention_policies_current_idx" ON "retention_policies"("current");

-- Purge runs, their batches and tombstones; the lease a batch holds while it deletes (docs/decisions/031-purge-engine.md).
CREATE TABLE "purge_runs" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "started_by_id" TEXT,
    "snapshot" TEXT NOT NULL DEFAULT '{}',
    "report" TEXT,
    "candidates" INTEGER NOT NULL DEFAULT 0,
    "deleted" INTEGER NOT NULL DEFAULT 0,
    "held_back" INTEGER NOT NULL DEFAULT 0,
    "progress_done" INTEGER NOT NULL DEFAULT 0,
    "progress_total" INTEGER NOT NULL DEFAULT 0,
    "breaker_limit" INTEGER,
    "tripped_reason" TEXT,
    "approved_by_id" TEXT,
    "approved_at" DATETIME,
    "error" TEXT,
    "created_at" DATETIME NOT NULL,
    "started_at" DATETIME,
    "finished_at" DATETIME,
    "updated_at" DATETIME NOT NULL
);
CREATE INDEX "purge_runs_status_created_at_idx" ON "purge_runs"("status", "created_at");
CREATE INDEX "purge_runs_mode_created_at_idx" ON "purge_runs"("mode", "created_at");
CREATE TABLE "purge_batches" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "run_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "dataset_ref" TEXT NOT NULL,
    "policy_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "record_ids" TEXT NOT NULL,
    "planned" INTEGER NOT NULL,
    "deleted" INTEGER NOT NULL DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "finished_at" DATETIME
);
CREATE UNIQUE INDEX "purge_batches_run_id_seq_key" ON "purge_batches"("run_id", "seq");
CREATE TABLE "purge_tombstones" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "run_id" TEXT NOT NULL,
    "batch_seq" INTEGER NOT NULL,
    "dataset_ref" TEXT NOT NULL,
    "policy_id" TEXT NOT NULL,
    "record_hash" TEXT NOT NULL,
    "deleted_at" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "purge_tombstones_dataset_ref_record_hash_key" ON "purge_tombstones"("dataset_ref", "record_hash");
CREATE INDEX "purge_tombstones_run_id_batch_seq_idx" ON "purge_tombstones"("run_id", "batch_seq");
CREATE TABLE "purge_lease" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "run_id" TEXT,
    "batch_seq" INTEGER,
    "lease_until" DATETIME
);

-- The lease row every purge batch and hold activation contend for; it always exists.
INSERT INTO "purge_lease" ("id") VALUES (1);
