-- Signed checkpoints and verification (docs/decisions/018-checkpoints-and-verify.md).
-- Stored Merkle nodes: the hash of every aligned perfect subtree of 2^level leaves (level >= 8) at position idx,
-- covering leaves idx * 2^level .. (idx + 1) * 2^level - 1 (leaf i = seq i + 1). A cache derived from the
-- immutable entries, extended when a checkpoint is made, so roots and proofs cost O(log n) reads; verify never trusts it.
CREATE TABLE "ledger_tree_nodes" (
    "level" INTEGER NOT NULL,
    "idx" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    PRIMARY KEY ("level", "idx")
);

-- Verification runs started from the console: progress while running, the outcome when done.
CREATE TABLE "ledger_verification_runs" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "started_by" TEXT,
    "status" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "ok" BOOLEAN,
    "kind" TEXT,
    "location" TEXT,
    "summary" TEXT,
    "created_at" DATETIME NOT NULL,
    "finished_at" DATETIME
);
CREATE INDEX "ledger_verification_runs_created_at_idx" ON "ledger_verification_runs"("created_at");
