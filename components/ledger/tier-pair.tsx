// Tiers told apart (issue 7, decision 017): the highest tier an access disclosed in clear beside the highest it asked
// for. A record view with background withheld must not read as if background data were shown.
import { TierBadge } from "@/components/ui/badge";
import type { PrivacyTier } from "@/lib/core/tiers";

export interface TierFacts {
  privacyTier: PrivacyTier;
  disclosedTier: PrivacyTier | null;
  columnsShown: readonly string[];
}

/** "recorded" when disclosed_tier is set; "none" when nothing was shown in clear; "not recorded" for entries written
 * before disclosed_tier existed (columns were shown, yet no tier is on the entry). */
export function disclosedState(e: TierFacts): "recorded" | "nothing" | "not_recorded" {
  if (e.disclosedTier !== null) return "recorded";
  return e.columnsShown.length > 0 ? "not_recorded" : "nothing";
}

export function TierPair({ entry }: { entry: TierFacts }) {
  const state = disclosedState(entry);
  return (
    <span
      className="flex flex-col items-start gap-0.5 text-xs"
      data-testid="tiers"
      data-asked={entry.privacyTier}
      data-shown={entry.disclosedTier ?? state}
    >
      <span className="flex items-center gap-1">
        <span className="w-9 text-slate-500">asked</span>
        <TierBadge tier={entry.privacyTier} />
      </span>
      <span className="flex items-center gap-1">
        <span className="w-9 text-slate-500">shown</span>
        {state === "recorded" ? (
          <TierBadge tier={entry.disclosedTier as PrivacyTier} />
        ) : state === "nothing" ? (
          <span className="text-slate-600">nothing in clear</span>
        ) : (
          <span className="text-amber-700" title="Written before the ledger recorded the tier shown in clear; only the tier asked for is known">
            not recorded
          </span>
        )}
      </span>
    </span>
  );
}
