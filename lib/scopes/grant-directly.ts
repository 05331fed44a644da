// A privacy admin's direct grant (issue 6 item 5): a tier, to another active console user, for a time the tier's
// policy allows, with a reason, optionally limited to some datasets. Never to oneself (law 3). The grant is recorded
// (governance.scope_granted), activated (its clock starts now) and announced in the grantee's inbox, in one unit of work.
import { z } from "zod";
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { can, type Role } from "@/lib/core/permissions";
import { ZScope } from "@/lib/core/schemas";
import { getDb } from "@/lib/db/client";
import { TIER_LABELS, type Scope } from "@/lib/core/tiers";
import { notifyUsers } from "@/lib/inbox/notify";
import type { LedgerDraft } from "@/lib/ledger/entry";
import { governanceEntry } from "@/lib/ledger/unit-of-work";
import { describeMinutes, utcText } from "./durations";
import { getPolicy } from "./get-policy";
import { activateGrant } from "./grant-lifecycle";
import { commitOrRefuse, parseOrRefuse, refusal, requirePermissionOrRefuse, type RefusalContext } from "./record-refusal";
import { ZDatasetRef, ZReason } from "./vocabulary";

/** The shortest grant worth making; the longest is the tier's policy. */
export const MIN_GRANT_MINUTES = 15;

export const ZGrantDirectly = z
  .object({
    /** The grantee, by id or by email (the console's form picks by email). */
    userId: z.string().trim().min(1).max(64).optional(),
    userEmail: z.string().trim().toLowerCase().max(254).pipe(z.email("Enter the grantee's email address")).optional(),
    scope: ZScope,
    reason: ZReason,
    /** How long, from now; or `expiresAt`, an end time. One of the two. */
    durationMinutes: z
      .number({ error: "Give the duration in minutes" })
      .int("Give the duration in whole minutes")
      .min(MIN_GRANT_MINUTES, `A grant lasts at least ${MIN_GRANT_MINUTES} minutes`)
      .optional(),
    expiresAt: z.coerce.date({ error: "Give an end time" }).optional(),
    /** Limit the grant to these datasets (key@version); null or absent: every dataset. */
    datasets: z
      .array(ZDatasetRef)
      .min(1, "Pick at least one dataset, or none to grant every dataset")
      .max(20, "Limit a grant to at most 20 datasets")
      .nullish(),
  })
  .superRefine((g, ctx) => {
    if (!g.userId === !g.userEmail) ctx.addIssue({ code: "custom", path: ["userEmail"], message: "Name the person to grant access to" });
    if ((g.durationMinutes === undefined) === (g.expiresAt === undefined)) {
      ctx.addIssue({ code: "custom", path: ["durationMinutes"], message: "Give either a duration or an end time" });
    }
  });
export type TGrantDirectly = z.input<typeof ZGrantDirectly>;

export interface DirectGrant {
  id: string;
  userId: string;
  scope: Scope;
  activatedAt: Date;
  expiresAt: Date;
  datasets: string[] | null;
}

export async function grantDirectly(acting: Acting, input: TGrantDirectly): Promise<DirectGrant> {
  const tier = ZScope.safeParse((input as { scope?: unknown } | null)?.scope);
  const ctx: RefusalContext = {
    attempted: "grant_directly",
    privacyTier: tier.success ? tier.data : "none",
    resource: "grant:new",
    recordId: typeof input?.userId === "string" ? input.userId.slice(0, 64) : null,
  };
  await requirePermissionOrRefuse(acting, "grant.manage", ctx);
  const g = await parseOrRefuse(ZGrantDirectly, input, acting, ctx);
  const userField = g.userId ? "userId" : "userEmail";
  const datasets = g.datasets ? [...new Set(g.datasets)].sort() : null;

  const { result } = await commitOrRefuse(acting, async (uow) => {
    const grantee = await uow.tx.user.findUnique({
      where: g.userId ? { id: g.userId } : { email: g.userEmail! },
      select: { id: true, status: true },
    });
    if (!grantee) throw refusal(ctx, "validation_failed", "No console user has this email address", userField);
    // From here on the refusal names the grantee.
    const about: RefusalContext = { ...ctx, recordId: grantee.id };
    if (grantee.id === acting.actor.id) {
      throw refusal(about, "forbidden", "Nobody can grant access to themselves: another privacy admin must grant it", userField);
    }
    if (grantee.status !== "active") {
      throw refusal(about, "validation_failed", "This user is disabled: re-enable them before granting access", userField);
    }

    const policy = await getPolicy(g.scope, uow.tx);
    const minutes = g.durationMinutes ?? Math.round((g.expiresAt!.getTime() - now().getTime()) / 60_000);
    const durationField = g.durationMinutes === undefined ? "expiresAt" : "durationMinutes";
    if (minutes < MIN_GRANT_MINUTES) {
      throw refusal(about, "validation_failed", `A grant lasts at least ${MIN_GRANT_MINUTES} minutes`, durationField);
    }
    if (minutes > policy.maxDurationMinutes) {
      throw refusal(
        about,
        "validation_failed",
        `${TIER_LABELS[g.scope]} grants last at most ${describeMinutes(policy.maxDurationMinutes)} (policy v${policy.version}); ${describeMinutes(minutes)} asked`,
        durationField,
      );
    }
    if (datasets) {
      const known = await uow.tx.dataset.findMany({
        where: { OR: datasets.map((ref) => ({ key: ref.slice(0, ref.lastIndexOf("@")), version: Number(ref.slice(ref.lastIndexOf("@") + 1)) })) },
        select: { key: true, version: true },
      });
      const unknown = datasets.filter((ref) => !known.some((d) => `${d.key}@${d.version}` === ref));
      if (unknown.length > 0) {
        throw refusal(about, "validation_failed", `Not in the catalog: ${unknown.join(", ")}`, "datasets");
      }
    }

    // The grant is recorded before its activation's entry, which activateGrant writes; both name the grant's id, so
    // the activation's entry is held back until the grant's own is queued.
    const held: LedgerDraft[] = [];
    const grant = await activateGrant({ tx: uow.tx, record: (d) => void held.push(d) }, acting, {
      userId: grantee.id,
      scope: g.scope,
      source: "direct",
      reason: g.reason,
      datasets,
      policyVersion: policy.version,
      durationMinutes: minutes,
      grantedById: acting.actor.id,
    });
    uow.record(
      governanceEntry(acting.actor, acting.meta, {
        action: "governance.scope_granted",
        privacyTier: g.scope,
        resource: `grant:${grant.id}`,
        recordId: grantee.id,
        purpose: g.reason,
        payload: {
          grant_id: grant.id,
          user_id: grantee.id,
          scope: g.scope,
          source: "direct",
          duration_minutes: minutes,
          datasets,
          policy_version: policy.version,
          expires_at: grant.expiresAt.toISOString(),
        },
      }),
    );
    for (const d of held) uow.record(d);

    await notifyUsers(
      [grantee.id],
      {
        kind: "grant.granted",
        title: `You were granted ${TIER_LABELS[g.scope]} access`,
        body: `For ${describeMinutes(minutes)}, until ${utcText(grant.expiresAt)}${datasets ? `, on ${datasets.join(", ")}` : ""}. Reason: ${g.reason}`,
        href: "/access",
      },
      uow.tx,
    );
    return { id: grant.id, userId: grantee.id, scope: g.scope, activatedAt: grant.activatedAt, expiresAt: grant.expiresAt, datasets };
  });
  return result;
}

/** What the direct-grant form offers: the active console users one may grant to (never oneself) and the catalog's datasets. */
export async function grantFormChoices(viewer: { id: string; role: Role }) {
  if (!can(viewer, "grant.manage")) throw new AppError("forbidden", "Granting access needs the grant.manage permission");
  const db = getDb();
  const [users, datasets] = await Promise.all([
    db.user.findMany({
      where: { status: "active", id: { not: viewer.id } },
      select: { email: true, name: true, role: true },
      orderBy: { email: "asc" },
    }),
    db.dataset.findMany({ select: { key: true, version: true, title: true }, orderBy: [{ key: "asc" }, { version: "asc" }] }),
  ]);
  return { users, datasets: datasets.map((d) => ({ ref: `${d.key}@${d.version}`, title: d.title })) };
}
