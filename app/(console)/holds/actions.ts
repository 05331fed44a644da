"use server";
// The holds screens' server actions: thin wrappers over lib/holds (which checks holds.manage, the two-person release
// and the custodian rule again, and ledgers each change). Failures answer with their HTTP status and name the field.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import type { Acting } from "@/lib/core/actor";
import type { Permission } from "@/lib/core/permissions";
import { activateHold } from "@/lib/holds/holds/activate-hold";
import { createHold } from "@/lib/holds/holds/create-hold";
import { confirmHoldRelease, rejectHoldRelease, requestHoldRelease } from "@/lib/holds/holds/release-hold";
import { updateHoldTargets } from "@/lib/holds/holds/update-hold-targets";
import { closeMatter } from "@/lib/holds/matters/close-matter";
import { createMatter } from "@/lib/holds/matters/create-matter";
import { acknowledgeCustodianNotice, addCustodian, removeCustodian } from "@/lib/holds/matters/custodians";
import { updateMatter } from "@/lib/holds/matters/update-matter";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import type { HoldsFormState } from "./form-state";

const text = (fd: FormData, name: string) => {
  const v = fd.get(name);
  return typeof v === "string" ? v.slice(0, 5000) : "";
};

/**
 * Runs `work` as the signed-in user (after `permission`, when the verb needs one), then revalidates and redirects to
 * where it says; a failure comes back to the form with its status set on the response.
 */
async function act(permission: Permission | null, fields: readonly string[], work: (acting: Acting) => Promise<string>): Promise<HoldsFormState> {
  let to: string;
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    if (permission) await requirePermission(user, permission, meta);
    to = await work({ actor: { id: user.id, role: user.role }, meta });
  } catch (err) {
    const failure = formFailure(err, fields);
    setResponseStatus(failure.status);
    return { errors: failure.fieldErrors, alert: failure.alert };
  }
  revalidatePath("/holds");
  redirect(to);
}

const MATTER_FIELDS = ["name", "legalReference", "description", "ownerId"];
const matterFields = (fd: FormData) => ({
  name: text(fd, "name"),
  legalReference: text(fd, "legalReference"),
  description: text(fd, "description"),
  ownerId: text(fd, "ownerId"),
});
const matterPath = (id: string, notice: string, anchor = "") => `/holds/${encodeURIComponent(id)}?notice=${notice}${anchor}`;

export async function createMatterAction(_prev: HoldsFormState, fd: FormData): Promise<HoldsFormState> {
  return act("holds.manage", MATTER_FIELDS, async (acting) => matterPath((await createMatter(acting, matterFields(fd))).id, "created"));
}

export async function updateMatterAction(_prev: HoldsFormState, fd: FormData): Promise<HoldsFormState> {
  const matterId = text(fd, "matterId");
  return act("holds.manage", MATTER_FIELDS, async (acting) => {
    const { changed } = await updateMatter(acting, { ...matterFields(fd), matterId });
    return matterPath(matterId, changed.length > 0 ? "updated" : "unchanged");
  });
}

export async function closeMatterAction(_prev: HoldsFormState, fd: FormData): Promise<HoldsFormState> {
  const matterId = text(fd, "matterId");
  return act("holds.manage", ["reason"], async (acting) => {
    await closeMatter(acting, { matterId, reason: text(fd, "reason") });
    return matterPath(matterId, "closed");
  });
}

export async function addCustodianAction(_prev: HoldsFormState, fd: FormData): Promise<HoldsFormState> {
  const matterId = text(fd, "matterId");
  return act("holds.manage", ["userId"], async (acting) => {
    await addCustodian(acting, { matterId, userId: text(fd, "userId") });
    return matterPath(matterId, "custodian_added", "#custodians");
  });
}

export async function removeCustodianAction(_prev: HoldsFormState, fd: FormData): Promise<HoldsFormState> {
  const matterId = text(fd, "matterId");
  return act("holds.manage", [], async (acting) => {
    await removeCustodian(acting, { matterId, userId: text(fd, "userId") });
    return matterPath(matterId, "custodian_removed", "#custodians");
  });
}

export async function acknowledgeAction(_prev: HoldsFormState, fd: FormData): Promise<HoldsFormState> {
  const matterId = text(fd, "matterId");
  // No permission: any role may be a custodian; lib/holds checks that this user is one.
  return act(null, [], async (acting) => {
    await acknowledgeCustodianNotice(acting, { matterId });
    return `/holds/${encodeURIComponent(matterId)}/acknowledge?notice=acknowledged`;
  });
}

/** The hold form's repeated target fields, zipped back into targets (lib/holds validates each). */
function targetsOf(fd: FormData): unknown[] {
  const all = (name: string) => fd.getAll(name).map((v) => (typeof v === "string" ? v.slice(0, 200) : ""));
  const [kinds, values, froms, tos] = [all("targetKind"), all("targetValue"), all("targetFrom"), all("targetTo")];
  return kinds
    .slice(0, 500)
    .map((kind, i) =>
      kind === "date_range" ? { kind, value: values[i] ?? "", fromDay: froms[i] ?? "", toDay: tos[i] ?? "" } : { kind, value: values[i] ?? "" },
    );
}

function targetFields(fd: FormData): string[] {
  const n = Math.min(fd.getAll("targetKind").length, 500);
  const out = ["name", "targets"];
  for (let i = 0; i < n; i++) for (const k of ["kind", "value", "fromDay", "toDay"]) out.push(`targets.${i}.${k}`);
  return out;
}

export async function saveHoldAction(_prev: HoldsFormState, fd: FormData): Promise<HoldsFormState> {
  const matterId = text(fd, "matterId");
  const holdId = text(fd, "holdId");
  return act("holds.manage", targetFields(fd), async (acting) => {
    if (holdId) {
      await updateHoldTargets(acting, { holdId, targets: targetsOf(fd) });
      return matterPath(matterId, "targets_changed", `#${holdId}`);
    }
    const { id } = await createHold(acting, { matterId, name: text(fd, "name"), targets: targetsOf(fd) });
    return matterPath(matterId, "hold_created", `#${id}`);
  });
}

export async function activateHoldAction(_prev: HoldsFormState, fd: FormData): Promise<HoldsFormState> {
  const matterId = text(fd, "matterId");
  const holdId = text(fd, "holdId");
  return act("holds.manage", ["reason"], async (acting) => {
    await activateHold(acting, { holdId, reason: text(fd, "reason") });
    return matterPath(matterId, "activated", `#${holdId}`);
  });
}

export async function requestReleaseAction(_prev: HoldsFormState, fd: FormData): Promise<HoldsFormState> {
  const matterId = text(fd, "matterId");
  const holdId = text(fd, "holdId");
  return act("holds.manage", ["reason"], async (acting) => {
    await requestHoldRelease(acting, { holdId, reason: text(fd, "reason") });
    return matterPath(matterId, "release_requested", `#${holdId}`);
  });
}

export async function decideReleaseAction(_prev: HoldsFormState, fd: FormData): Promise<HoldsFormState> {
  const matterId = text(fd, "matterId");
  const holdId = text(fd, "holdId");
  const reject = text(fd, "decision") === "reject";
  return act("holds.manage", ["reason"], async (acting) => {
    if (reject) await rejectHoldRelease(acting, { holdId, reason: text(fd, "reason") });
    else await confirmHoldRelease(acting, { holdId });
    return matterPath(matterId, reject ? "release_rejected" : "released", `#${holdId}`);
  });
}
