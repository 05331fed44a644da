// The scope workflow's demo state, so every screen shows something real on first start: requests in several
// states, a grant that expires within the hour, a break-glass use awaiting its after-review, and an open review
// campaign. Everything goes through the domain verbs, so the ledger records it as it would a person's clicks.
// Idempotent: it runs once per database (the demo personas' first request is the marker). The e2e journeys use the
// other demo accounts, so none of this stands in their way.
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import type { Role } from "@/lib/core/permissions";
import { getDb } from "@/lib/db/client";
import { activateBreakGlass } from "@/lib/scopes/activate-break-glass";
import { cancelAccessRequest } from "@/lib/scopes/cancel-access-request";
import { createAccessRequest } from "@/lib/scopes/create-access-request";
import { approveAccessRequest, denyAccessRequest } from "@/lib/scopes/decide-access-request";
import { decideReviewItem } from "@/lib/scopes/decide-review-item";
import { grantDirectly } from "@/lib/scopes/grant-directly";
import { startReviewCampaign } from "@/lib/scopes/start-review-campaign";
import type { RequestMeta } from "@/lib/core/actor";

/** Analysts whose access the demo's workflow is about (the journeys' accounts stay untouched). */
export const WORKFLOW_PERSONAS = [
  { email: "dana@warden.test", name: "Dana Kim", role: "analyst" as Role },
  { email: "omar@warden.test", name: "Omar Haddad", role: "analyst" as Role },
] as const;

const DAY = 24 * 60;

export async function seedWorkflow(ids: ReadonlyMap<string, string>, meta: () => RequestMeta): Promise<string[]> {
  const as = (email: string, role: Role): Acting => ({ actor: { id: ids.get(email)!, role }, meta: meta() });
  const dana = () => as("dana@warden.test", "analyst");
  const omar = () => as("omar@warden.test", "analyst");
  const priya = () => as("privacy@warden.test", "privacy_admin");
  const malik = () => as("privacy2@warden.test", "privacy_admin");

  if ((await getDb().accessRequest.count({ where: { requesterId: ids.get("dana@warden.test")! } })) > 0) {
    return ["workflow: requests, grants, break-glass and review already present"];
  }
  const lines: string[] = [];

  // Active through a request: one approval for pii_basic.
  const basic = await createAccessRequest(omar(), {
    scope: "pii_basic",
    reason: "Demo: quarterly payout dispute follow-ups",
    durationMinutes: 30 * DAY,
  });
  await approveAccessRequest(priya(), { requestId: basic.id, comment: "Matches the open dispute queue" });
  lines.push("request: pii_basic for omar@ approved, grant active for 30 days");

  // Pending: pii_tax needs two approvals and has one.
  const tax = await createAccessRequest(dana(), {
    scope: "pii_tax",
    reason: "Demo: 1099 corrections for the year-end filing",
    ticket: "PRIV-2041",
    durationMinutes: 7 * DAY,
    datasets: ["marketplace.people@1"],
  });
  await approveAccessRequest(malik(), { requestId: tax.id, comment: "Ticket checked with finance" });
  lines.push("request: pii_tax for dana@ pending, 1 of 2 approvals");

  // Pending with none yet.
  await createAccessRequest(omar(), {
    scope: "background",
    reason: "Demo: re-check of a flagged creator before a studio booking",
    ticket: "PRIV-2042",
    durationMinutes: 3 * DAY,
  });
  lines.push("request: background for omar@ pending, 0 of 2 approvals");

  // Denied, and cancelled.
  const denied = await createAccessRequest(dana(), {
    scope: "pii_sensitive",
    reason: "Demo: looking at addresses for a marketing mailing",
    durationMinutes: 14 * DAY,
  });
  await denyAccessRequest(priya(), { requestId: denied.id, comment: "Marketing use is not a purpose we grant for" });
  const cancelled = await createAccessRequest(omar(), {
    scope: "pii_tax",
    reason: "Demo: payout reconciliation for a single creator",
    ticket: "PRIV-2039",
    durationMinutes: 2 * DAY,
  });
  await cancelAccessRequest(omar(), { requestId: cancelled.id, comment: "Finance resolved it without the TIN" });
  lines.push("requests: one denied (dana@ pii_sensitive), one cancelled (omar@ pii_tax)");

  // A grant that expires within the hour (the expiry job ends it; reminders went out a day and an hour before).
  await grantDirectly(priya(), {
    userEmail: "dana@warden.test",
    scope: "pii_basic",
    reason: "Demo: short look-up for a booking escalation",
    durationMinutes: 45,
  });
  lines.push("grant: pii_basic to dana@ for 45 minutes");

  // Break-glass awaiting its after-review (alerted to both privacy admins).
  await activateBreakGlass(omar(), {
    scope: "pii_sensitive",
    reason: "Demo: on-set safety incident, need the host's phone now",
    durationMinutes: 240,
  });
  lines.push("break-glass: pii_sensitive by omar@ for 4 hours, awaiting after-review");

  // An open review campaign over basic PII, due in two weeks, one item already certified.
  const campaign = await startReviewCampaign(priya(), {
    name: "Demo: quarterly review of basic PII access",
    scopes: ["pii_basic"],
    dueAt: new Date(now().getTime() + 14 * DAY * 60_000),
  });
  const first = await getDb().reviewItem.findFirst({
    where: { campaignId: campaign.campaignId, granteeId: ids.get("omar@warden.test")! },
    select: { id: true },
  });
  if (first) await decideReviewItem(malik(), { itemId: first.id, decision: "certify", comment: "Still on the dispute queue" });
  lines.push(`review: campaign over pii_basic due in 14 days, ${first ? "1 item certified" : "no items yet"}`);
  return lines;
}
