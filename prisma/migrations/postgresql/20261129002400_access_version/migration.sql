-- The access version (decision 022): one counter, bumped in the same transaction as every change that can alter a
-- gateway decision (a grant activated or ended, a catalog column reclassified). A gateway process caches what it read
-- under the version it saw and reuses it only while the stored version is the same, so no process serves a
-- decision older than the last committed change, however many processes share the database.
CREATE TABLE "access_version" (
    "id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "access_version_pkey" PRIMARY KEY ("id")
);
INSERT INTO "access_version" ("id", "version") VALUES (1, 1);

-- UNIQUE(prev_hash) is redundant: seq is the primary key and every append takes seq = head.seq + 1 from the head it
-- chains to, so two entries chained to one predecessor collide on seq; an entry written elsewhere is a gap or a broken
-- link that verify names. Its random 64-character keys cost a page read per append on a large ledger (decision 022).
DROP INDEX "ledger_entries_prev_hash_key";
