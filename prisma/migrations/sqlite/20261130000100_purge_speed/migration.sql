-- Tombstone hashes v2 (decision 041): 128 bits of a per-dataset keyed HMAC, unique on their own. The unique index no
-- longer repeats the dataset ref in every entry (the key is already per dataset), which keeps the index a purge batch
-- rewrites a third of its former size. v1 rows (64 hex digits) stay as they are and stay unique.
DROP INDEX "purge_tombstones_dataset_ref_record_hash_key";
CREATE UNIQUE INDEX "purge_tombstones_record_hash_key" ON "purge_tombstones"("record_hash");

-- A hold activation that found a batch in flight marks that it waits; the purge run takes no further lease until it
-- has gone in or the mark lapses (decision 041), so an activation waits for at most the batch in flight.
ALTER TABLE "purge_lease" ADD COLUMN "activation_waiting_until" DATETIME;
