-- The scope workflow (policies, requests, approvals, reviews), the console inbox and the persisted job runner.
-- Default tier policies are version 1 of each tier (docs/decisions/011-governance-unit-of-work.md and the README).

-- AlterTable
ALTER TABLE "grants" ADD COLUMN "source" TEXT NOT NULL DEFAULT 'direct';

-- AlterTable
ALTER TABLE "grants" ADD COLUMN "request_id" TEXT;

-- AlterTable
ALTER TABLE "grants" ADD COLUMN "datasets" TEXT;

-- AlterTable
ALTER TABLE "grants" ADD COLUMN "policy_version" INTEGER;

-- AlterTable
ALTER TABLE "grants" ADD COLUMN "ended_at" DATETIME;

-- AlterTable
ALTER TABLE "grants" ADD COLUMN "ended_by_id" TEXT;

-- AlterTable
ALTER TABLE "grants" ADD COLUMN "end_comment" TEXT;

-- AlterTable
ALTER TABLE "grants" ADD COLUMN "after_review_due_at" DATETIME;

-- AlterTable
ALTER TABLE "grants" ADD COLUMN "after_reviewed_at" DATETIME;

-- AlterTable
ALTER TABLE "grants" ADD COLUMN "after_reviewed_by_id" TEXT;

-- AlterTable
ALTER TABLE "grants" ADD COLUMN "after_review_comment" TEXT;

-- AlterTable
ALTER TABLE "grants" DROP COLUMN "revoked_at";

-- CreateTable
CREATE TABLE "scope_policies" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scope" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "approvals_required" INTEGER NOT NULL,
    "max_duration_minutes" INTEGER NOT NULL,
    "reason_required" BOOLEAN NOT NULL,
    "ticket_pattern" TEXT,
    "break_glass_allowed" BOOLEAN NOT NULL,
    "break_glass_max_minutes" INTEGER NOT NULL,
    "pending_timeout_minutes" INTEGER NOT NULL,
    "change_reason" TEXT NOT NULL,
    "created_by_id" TEXT,
    "created_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "access_requests" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requester_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "ticket" TEXT,
    "duration_minutes" INTEGER NOT NULL,
    "datasets" TEXT,
    "policy_version" INTEGER NOT NULL,
    "approvals_required" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "pending_until" DATETIME NOT NULL,
    "decided_at" DATETIME,
    "closed_by_id" TEXT,
    "close_comment" TEXT,
    CONSTRAINT "access_requests_requester_id_fkey" FOREIGN KEY ("requester_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "approvals" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "request_id" TEXT NOT NULL,
    "approver_id" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "comment" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    CONSTRAINT "approvals_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "access_requests" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "review_campaigns" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "due_at" DATETIME NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "closed_at" DATETIME
);

-- CreateTable
CREATE TABLE "review_items" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaign_id" TEXT NOT NULL,
    "grant_id" TEXT NOT NULL,
    "grantee_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "decided_by_id" TEXT,
    "decided_at" DATETIME,
    "comment" TEXT,
    CONSTRAINT "review_items_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "review_campaigns" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "review_items_grant_id_fkey" FOREIGN KEY ("grant_id") REFERENCES "grants" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "href" TEXT,
    "dedupe_key" TEXT,
    "created_at" DATETIME NOT NULL,
    "read_at" DATETIME
);

-- CreateTable
CREATE TABLE "jobs" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "dedupe_key" TEXT,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL,
    "run_at" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL DEFAULT 1,
    "locked_by" TEXT,
    "lease_until" DATETIME,
    "last_error" TEXT,
    "result" TEXT,
    "created_at" DATETIME NOT NULL,
    "started_at" DATETIME,
    "finished_at" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "grants_request_id_key" ON "grants"("request_id");

-- CreateIndex
CREATE INDEX "grants_status_expires_at_idx" ON "grants"("status", "expires_at");

-- CreateIndex
CREATE INDEX "grants_source_after_reviewed_at_idx" ON "grants"("source", "after_reviewed_at");

-- CreateIndex
CREATE UNIQUE INDEX "scope_policies_scope_version_key" ON "scope_policies"("scope", "version");

-- CreateIndex
CREATE INDEX "access_requests_status_created_at_idx" ON "access_requests"("status", "created_at");

-- CreateIndex
CREATE INDEX "access_requests_requester_id_created_at_idx" ON "access_requests"("requester_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "approvals_request_id_approver_id_key" ON "approvals"("request_id", "approver_id");

-- CreateIndex
CREATE INDEX "review_campaigns_status_due_at_idx" ON "review_campaigns"("status", "due_at");

-- CreateIndex
CREATE INDEX "review_items_campaign_id_decision_idx" ON "review_items"("campaign_id", "decision");

-- CreateIndex
CREATE UNIQUE INDEX "review_items_campaign_id_grant_id_key" ON "review_items"("campaign_id", "grant_id");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_dedupe_key_key" ON "notifications"("dedupe_key");

-- CreateIndex
CREATE INDEX "notifications_user_id_read_at_created_at_idx" ON "notifications"("user_id", "read_at", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "jobs_dedupe_key_key" ON "jobs"("dedupe_key");

-- CreateIndex
CREATE INDEX "jobs_status_run_at_idx" ON "jobs"("status", "run_at");

-- CreateIndex
CREATE INDEX "jobs_kind_finished_at_idx" ON "jobs"("kind", "finished_at");

-- Default tier policies (version 1)
INSERT INTO "scope_policies" ("id", "scope", "version", "approvals_required", "max_duration_minutes", "reason_required", "ticket_pattern", "break_glass_allowed", "break_glass_max_minutes", "pending_timeout_minutes", "change_reason", "created_by_id", "created_at") VALUES
    ('pol_default_pii_basic', 'pii_basic', 1, 1, 129600, 1, NULL, 0, 0, 10080, 'Default policy', NULL, '2026-11-29T00:00:00.000+00:00'),
    ('pol_default_pii_sensitive', 'pii_sensitive', 1, 1, 43200, 1, NULL, 1, 240, 10080, 'Default policy', NULL, '2026-11-29T00:00:00.000+00:00'),
    ('pol_default_pii_tax', 'pii_tax', 1, 2, 20160, 1, '^PRIV-[0-9]+$', 0, 0, 10080, 'Default policy', NULL, '2026-11-29T00:00:00.000+00:00'),
    ('pol_default_background', 'background', 1, 2, 10080, 1, '^PRIV-[0-9]+$', 0, 0, 10080, 'Default policy', NULL, '2026-11-29T00:00:00.000+00:00');
