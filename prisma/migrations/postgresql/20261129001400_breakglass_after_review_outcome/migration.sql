-- Break-glass after-review: what the reviewing privacy admin concluded (justified | revoke), so the reviewed history
-- shows it even when the grant had already expired before the review (the ledger entry holds it too).
ALTER TABLE "grants" ADD COLUMN "after_review_outcome" TEXT;
