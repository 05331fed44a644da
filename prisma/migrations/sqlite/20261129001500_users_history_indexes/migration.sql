-- A console user's access history (lib/scopes/access-history.ts) reads the user-management entries about them
-- from the ledger by resource (`user:usr_…`), and the review decisions about their grants by grantee. Without
-- these, each history page would scan the whole ledger (docs/decisions/016-console-users-and-inbox.md).

-- CreateIndex
CREATE INDEX "ledger_entries_resource_seq_idx" ON "ledger_entries"("resource", "seq");

-- CreateIndex
CREATE INDEX "review_items_grantee_id_decided_at_idx" ON "review_items"("grantee_id", "decided_at");
