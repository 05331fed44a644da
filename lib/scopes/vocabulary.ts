// The scope workflow's shared words: states, ledger actions, and the schemas of free text that ends up in the
// ledger (reasons, comments, tickets), which must not carry personal data (the ledger is shown to auditors).
import { z } from "zod";
import { describePii, detectPii } from "@/lib/core/pii-detect";

export const REQUEST_STATUSES = ["pending", "approved", "active", "expired", "revoked", "relinquished", "denied", "cancelled", "timed_out"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const GRANT_STATUSES = ["active", "expired", "revoked", "relinquished"] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];
export type GrantEnd = Exclude<GrantStatus, "active">;

export const GRANT_SOURCES = ["request", "direct", "break_glass"] as const;
export type GrantSource = (typeof GRANT_SOURCES)[number];

/** Every state change of the workflow has one ledger action (issue 6 item 11). */
export type GovernanceAction =
  | "governance.scope_requested"
  | "governance.scope_approval_given" // one approver's yes; the request may still need more
  | "governance.scope_request_approved" // the policy's number of approvals is reached
  | "governance.scope_request_denied"
  | "governance.scope_request_cancelled"
  | "governance.scope_request_timed_out"
  | "governance.scope_granted" // a privacy admin's direct grant
  | "governance.scope_activated"
  | "governance.scope_expired"
  | "governance.scope_revoked"
  | "governance.scope_relinquished"
  | "governance.expiry_reminder_sent"
  | "governance.break_glass_activated"
  | "governance.break_glass_after_reviewed"
  | "governance.review_campaign_started"
  | "governance.review_item_decided"
  | "governance.review_campaign_closed"
  | "governance.scope_policy_changed"
  | "governance.action_refused"; // a refused attempt (self-approval, too long, …): decision deny

const noPii = (subject: string) => (text: string, ctx: z.RefinementCtx) => {
  const reason = describePii(detectPii(text), subject);
  if (reason) ctx.addIssue({ code: "custom", message: `${subject.charAt(0).toUpperCase()}${subject.slice(1)} ${reason}` });
};

/** Why access is wanted or was changed. Stored and ledgered, so no personal data. */
export const ZReason = z
  .string({ error: "A reason is required" })
  .trim()
  .min(5, "Give a reason of at least 5 characters")
  .max(500, "Keep the reason under 500 characters")
  .superRefine(noPii("the reason"));

/** An approver's or reviewer's comment. */
export const ZComment = z
  .string({ error: "A comment is required" })
  .trim()
  .min(2, "Add a comment")
  .max(500, "Keep the comment under 500 characters")
  .superRefine(noPii("the comment"));

export const ZTicket = z.string().trim().max(64, "A ticket reference is at most 64 characters");

/** `key@version`, as the catalog names datasets. */
export const ZDatasetRef = z.string().regex(/^[a-z][a-z0-9_.-]*@[1-9][0-9]*$/, "must be a dataset key@version, e.g. people@1");

/**
 * A request's or grant's dataset limit as stored: null means every dataset, otherwise a JSON array of `key@version`
 * strings. Anything else (not JSON, another shape, one odd element) limits it to no dataset at all: read strictly,
 * never coerced, since `String(["a@1"])` would read as "a@1" (fail closed).
 */
export function parseDatasets(stored: string | null): string[] | null {
  if (stored === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return [];
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && ZDatasetRef.safeParse(v).success)) return [];
  return value as string[];
}
