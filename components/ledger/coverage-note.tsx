// How much of the ledger signed checkpoints cover (lib/ledger/coverage.ts): the newest entries are protected by the
// hash chain at once, and by a signature only once a checkpoint includes them.
import type { LedgerCoverage } from "@/lib/ledger/coverage";

export function CoverageNote({ coverage }: { coverage: LedgerCoverage }) {
  const n = coverage.uncovered.toLocaleString("en-US");
  return (
    <p className="mb-4 text-sm text-slate-600" data-testid="coverage">
      {coverage.headSeq === 0
        ? "The ledger is empty."
        : coverage.uncovered === 0
          ? `All ${coverage.headSeq.toLocaleString("en-US")} entries are covered by a signed checkpoint.`
          : `${n} newest ${coverage.uncovered === 1 ? "entry" : "entries"} not yet covered by a signed checkpoint${
              coverage.checkpointedSeq > 0 ? ` (the newest checkpoint covers #1–#${coverage.checkpointedSeq})` : " (no checkpoint yet)"
            }.`}
    </p>
  );
}
