-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "password_hash" TEXT,
    "oidc_subject" TEXT,
    "failed_sign_ins" INTEGER NOT NULL DEFAULT 0,
    "locked_until" DATETIME,
    "last_sign_in_at" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "grants" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "granted_by_id" TEXT,
    "activated_at" DATETIME NOT NULL,
    "expires_at" DATETIME NOT NULL,
    "revoked_at" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "grants_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "grants_granted_by_id_fkey" FOREIGN KEY ("granted_by_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "datasets" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "record_id_column" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "dataset_columns" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dataset_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "tier" TEXT NOT NULL,
    "mask_rule" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    CONSTRAINT "dataset_columns_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ledger_entries" (
    "seq" INTEGER NOT NULL PRIMARY KEY,
    "occurred_at" TEXT NOT NULL,
    "actor_id" TEXT,
    "actor_role" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "privacy_tier" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "record_id" TEXT,
    "purpose" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "columns_shown" TEXT NOT NULL,
    "columns_masked" TEXT NOT NULL,
    "columns_denied" TEXT NOT NULL,
    "policy_version" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "ip_hash" TEXT,
    "ua_hash" TEXT,
    "row_count" INTEGER NOT NULL,
    "payload" TEXT,
    "payload_hash" TEXT,
    "prev_hash" TEXT NOT NULL,
    "entry_hash" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "users_oidc_subject_key" ON "users"("oidc_subject");

-- CreateIndex
CREATE INDEX "grants_user_id_status_expires_at_idx" ON "grants"("user_id", "status", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "datasets_key_version_key" ON "datasets"("key", "version");

-- CreateIndex
CREATE UNIQUE INDEX "dataset_columns_dataset_id_name_key" ON "dataset_columns"("dataset_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entries_prev_hash_key" ON "ledger_entries"("prev_hash");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entries_entry_hash_key" ON "ledger_entries"("entry_hash");

-- CreateIndex
CREATE INDEX "ledger_entries_occurred_at_idx" ON "ledger_entries"("occurred_at");

-- CreateIndex
CREATE INDEX "ledger_entries_actor_id_seq_idx" ON "ledger_entries"("actor_id", "seq");

-- Law 2: the ledger is append-only. Tampering needs a deliberate DROP TRIGGER, and verify still catches it.
CREATE TRIGGER "ledger_entries_no_update" BEFORE UPDATE ON "ledger_entries"
BEGIN
  SELECT RAISE(ABORT, 'ledger_entries is append-only (UPDATE refused)');
END;

CREATE TRIGGER "ledger_entries_no_delete" BEFORE DELETE ON "ledger_entries"
BEGIN
  SELECT RAISE(ABORT, 'ledger_entries is append-only (DELETE refused)');
END;
