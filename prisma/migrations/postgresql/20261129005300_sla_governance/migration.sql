-- The governance SLI "PII access logged" counts the events ingested per token in a time window (a seq range): one
-- index range scan per token (issue 10, decision 036).
CREATE INDEX "ingest_receipts_token_id_seq_idx" ON "ingest_receipts"("token_id", "seq");
