// The privacy tiers of the platform's data contract. Zod-free so client components can import the labels
// without shipping zod; the schemas live in lib/core/schemas.ts.

export const PRIVACY_TIERS = ["none", "pii_basic", "pii_sensitive", "pii_tax", "background"] as const;
export type PrivacyTier = (typeof PRIVACY_TIERS)[number];

/** The four scopes a grant can cover: every tier above `none`. */
export const SCOPES = ["pii_basic", "pii_sensitive", "pii_tax", "background"] as const;
export type Scope = (typeof SCOPES)[number];

export const TIER_LABELS: Record<PrivacyTier, string> = {
  none: "No personal data",
  pii_basic: "Basic PII",
  pii_sensitive: "Sensitive PII",
  pii_tax: "Tax PII",
  background: "Background check",
};

/** Sensitivity order, used to report the highest tier touched by one access. */
export function highestTier(tiers: Iterable<PrivacyTier>): PrivacyTier {
  let best = 0;
  for (const t of tiers) best = Math.max(best, PRIVACY_TIERS.indexOf(t));
  return PRIVACY_TIERS[best];
}
