-- The auditor's ledger browser (docs/decisions/020-ledger-browser.md): every filter is an equality on one column,
-- paged by seq, so each gets a (column, seq) index and a page is one index range scan at millions of entries.
-- actor_id and resource already have theirs; a time range becomes a seq range through occurred_at's index.

-- CreateIndex
CREATE INDEX "ledger_entries_actor_role_seq_idx" ON "ledger_entries"("actor_role", "seq");

-- CreateIndex
CREATE INDEX "ledger_entries_action_seq_idx" ON "ledger_entries"("action", "seq");

-- CreateIndex
CREATE INDEX "ledger_entries_privacy_tier_seq_idx" ON "ledger_entries"("privacy_tier", "seq");

-- CreateIndex
CREATE INDEX "ledger_entries_disclosed_tier_seq_idx" ON "ledger_entries"("disclosed_tier", "seq");

-- CreateIndex
CREATE INDEX "ledger_entries_decision_seq_idx" ON "ledger_entries"("decision", "seq");

-- CreateIndex
CREATE INDEX "ledger_entries_record_id_seq_idx" ON "ledger_entries"("record_id", "seq");

-- CreateIndex
CREATE INDEX "ledger_entries_request_id_seq_idx" ON "ledger_entries"("request_id", "seq");
