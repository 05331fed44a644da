-- Law 2, defence in depth: the chain starts at seq 1, so a row below it can only be a forgery (it would show in
-- the auditor's pages without being part of what verify chains). `ledger verify` still reports such rows if this
-- constraint is dropped. NOT VALID: every new row is checked, but a database that already holds forged rows still
-- migrates (verify names those rows; they cannot be deleted without dropping the append-only trigger).
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_seq_positive" CHECK ("seq" >= 1) NOT VALID;
