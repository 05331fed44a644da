-- Law 2, defence in depth: the chain starts at seq 1, so a row below it can only be a forgery (it would show in
-- the auditor's pages without being part of what verify chains). `ledger verify` still reports such rows if this
-- trigger is dropped. A missing seq reads as -1 here, so an insert must name its seq (the ledger always does).
CREATE TRIGGER "ledger_entries_seq_positive" BEFORE INSERT ON "ledger_entries"
WHEN NEW."seq" < 1
BEGIN
  SELECT RAISE(ABORT, 'ledger_entries.seq must be 1 or more (ledger_entries_seq_positive)');
END;
