// The demo warehouse's retention defaults and their legal basis, as decision 032 explains them. Seeded by the demo
// seed as version 1 of each dataset's policy, only where a dataset has none yet (an admin's later version stays).
import type { RequestMeta } from "@/lib/core/actor";
import { commitWithLedger } from "@/lib/ledger/unit-of-work";
import type { RetentionTerms } from "../retention-clause";
import { currentRetentionPolicies } from "./current-policies";
import { writeVersion } from "./update-retention-policy";

export interface RetentionDefault {
  datasetRef: string;
  terms: RetentionTerms;
  legalBasis: string;
}

// Calendar years in days, leap days included, so "7 years" never ends a day early.
const YEARS_5 = 1_826;
const YEARS_7 = 2_557;
const YEARS_10 = 3_653;

const BOOKING_BASIS =
  "Tax and accounting records: bookings and their legs are the source of the 1099-NEC/1099-K amounts paid to suppliers. " +
  "The IRS asks for records supporting reported income for at least 3 years, 6 where income may be under-reported and 7 for " +
  "bad-debt claims (26 U.S.C. 6001, 6501; IRS Publication 583), so 7 years from the booking covers every case. Illinois: " +
  "10 years, the limitations period for actions on written contracts (735 ILCS 5/13-206), since a booking is the contract " +
  "between buyer and supplier.";

export const RETENTION_DEFAULTS: readonly RetentionDefault[] = [
  {
    datasetRef: "marketplace.events@1",
    terms: { days: 90, dateColumn: "occurred_at", stateOverrides: {} },
    legalBasis:
      "Storage limitation: raw app events serve debugging, abuse and fraud investigation for one quarter; trends live on in " +
      "aggregated Silver/Gold tables without personal data. CCPA/CPRA (Cal. Civ. Code 1798.100(a)(3)) allows personal " +
      "information to be kept only as long as reasonably necessary for the disclosed purpose.",
  },
  {
    datasetRef: "marketplace.bookings@1",
    terms: { days: YEARS_7, dateColumn: "booked_at", stateOverrides: { IL: YEARS_10 } },
    legalBasis: BOOKING_BASIS,
  },
  {
    datasetRef: "marketplace.booking_legs@1",
    terms: { days: YEARS_7, dateColumn: "starts_at", stateOverrides: { IL: YEARS_10 } },
    legalBasis: BOOKING_BASIS,
  },
  {
    datasetRef: "marketplace.background_checks@1",
    terms: { days: YEARS_5, dateColumn: "completed_at", stateOverrides: {} },
    legalBasis:
      "FCRA: a claim about a consumer report and its use (adverse action, disclosure and authorization) can be brought until " +
      "5 years after the violation (15 U.S.C. 1681p), so the report's outcome is kept 5 years from its completion as the " +
      "defence record, and no longer: the screening has no other purpose. A pending check (no completion date) is kept until it completes.",
  },
  {
    datasetRef: "marketplace.people@1",
    terms: { days: YEARS_7, dateColumn: "created_at", stateOverrides: {} },
    legalBasis:
      "The account record backs the bookings, payouts and checks that point at it: it goes 7 years after sign-up, and only " +
      "once nothing in the warehouse references the person any more (no booking, leg, event or check is left), so the " +
      "tax and FCRA periods above always outlast it. CCPA/CPRA storage limitation (Cal. Civ. Code 1798.100(a)(3)).",
  },
];

/** Writes version 1 of each default whose dataset has no policy yet; returns the datasets it set. */
export async function seedRetentionDefaults(meta: RequestMeta): Promise<string[]> {
  const present = new Set((await currentRetentionPolicies()).map((p) => p.datasetRef));
  const seeded: string[] = [];
  for (const d of RETENTION_DEFAULTS.filter((d) => !present.has(d.datasetRef))) {
    await commitWithLedger((uow) =>
      writeVersion(
        uow,
        { actor: null, meta },
        {
          ref: d.datasetRef,
          next: { terms: d.terms, legalBasis: d.legalBasis },
          changeReason: "Demo default (docs/decisions/032-retention-defaults.md)",
          ctx: { attempted: "seed_retention_default", privacyTier: "none", resource: `dataset:${d.datasetRef}` },
        },
      ),
    );
    seeded.push(d.datasetRef);
  }
  return seeded;
}
