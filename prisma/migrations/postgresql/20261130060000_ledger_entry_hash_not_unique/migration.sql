-- UNIQUE(entry_hash) is redundant too (decision 042): seq is the primary key and is inside the hashed form, so two rows
-- could share an entry hash only through a SHA-256 collision, and nothing looks an entry up by its hash (reads go by
-- seq, the browser's filters by their (column, seq) indexes). Its random 64-character keys dirtied a leaf page per
-- append and were what still made an append dearer on a large ledger than on an empty one (decision 022).
DROP INDEX "ledger_entries_entry_hash_key";
