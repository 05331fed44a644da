-- Hardening: server-side sessions, shared rate-limit counters, sealed view snapshots. The per-account lockout
-- columns on users are superseded by rate_limits (per address, per account, per device).

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "device" TEXT NOT NULL,
    "ip_hash" TEXT,
    "created_at" DATETIME NOT NULL,
    "last_seen_at" DATETIME NOT NULL,
    "expires_at" DATETIME NOT NULL,
    "ended_at" DATETIME,
    "end_reason" TEXT,
    "ended_by_id" TEXT,
    CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "rate_limits" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "window_start" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,
    "locked_until" BIGINT,
    "updated_at" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "view_snapshots" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ledger_seq" INTEGER NOT NULL,
    "created_at" DATETIME NOT NULL,
    "expires_at" DATETIME NOT NULL,
    "sealed" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "sessions_user_id_ended_at_idx" ON "sessions"("user_id", "ended_at");

-- CreateIndex
CREATE INDEX "sessions_ended_at_last_seen_at_idx" ON "sessions"("ended_at", "last_seen_at");

-- CreateIndex
CREATE INDEX "rate_limits_updated_at_idx" ON "rate_limits"("updated_at");

-- CreateIndex
CREATE INDEX "view_snapshots_user_id_created_at_idx" ON "view_snapshots"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "view_snapshots_expires_at_idx" ON "view_snapshots"("expires_at");

-- AlterTable
ALTER TABLE "users" DROP COLUMN "failed_sign_ins";

-- AlterTable
ALTER TABLE "users" DROP COLUMN "locked_until";
