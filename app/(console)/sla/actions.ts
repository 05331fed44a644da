"use server";
// The SLA screens' server action: a privacy admin saves a new version of a definition. The form speaks human units
// (percent, minutes, HH:MM, dollars); they are converted here to the domain's (components/sla/units.ts), and
// lib/sla checks sla.manage again, validates, ledgers the change and rebuilds the version's figures.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/core/errors";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import { parseHumanThreshold, parseTargetPercent } from "@/components/sla/units";
import { SLA_EDIT_FIELDS, type SlaFormState } from "./form-state";
import { parseSlaKey } from "./sla-key";
import { slaDefinitionVersions } from "@/lib/sla/definitions/read-definitions";
import { updateSlaDefinition, type TSlaDefinitionEdit } from "@/lib/sla/definitions/update-definition";

export async function editSlaAction(_prev: SlaFormState, fd: FormData): Promise<SlaFormState> {
  const values = Object.fromEntries(SLA_EDIT_FIELDS.map((f) => [f, text(fd, f)])) as Record<(typeof SLA_EDIT_FIELDS)[number], string>;
  const key = parseSlaKey(text(fd, "key"));
  const baseVersion = text(fd, "baseVersion");
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "sla.manage", meta);
    if (!key) throw new AppError("not_found", "No such SLA.");
    const current = (await slaDefinitionVersions(key)).find((v) => v.current);
    if (!current) throw new AppError("not_found", `No SLA ${key}.`);

    const errors: Record<string, string> = {};
    const target = parseTargetPercent(values.target);
    const threshold = parseHumanThreshold(current.unit, values.threshold);
    const warn = parseHumanThreshold(current.unit, values.warnThreshold);
    const windowDays = /^\s*\d{1,4}\s*$/.test(values.windowDays) ? Number(values.windowDays) : NaN;
    if (!target.ok) errors.target = target.error;
    if (!threshold.ok) errors.threshold = threshold.error;
    if (!warn.ok) errors.warnThreshold = warn.error;
    if (Number.isNaN(windowDays)) errors.windowDays = "Enter a whole number of days.";
    if (!target.ok || !threshold.ok || !warn.ok || Object.keys(errors).length > 0) {
      setResponseStatus(422);
      return { errors, alert: null, values };
    }
    await updateSlaDefinition({ actor: { id: user.id, role: user.role }, meta }, key, {
      name: values.name,
      description: values.description,
      // The domain's schema checks the method against its list; the form's select only offers those.
      budgeting: values.budgeting as TSlaDefinitionEdit["budgeting"],
      target: target.value ?? NaN,
      threshold: threshold.value,
      warnThreshold: warn.value,
      windowDays,
      timeZone: values.timeZone.trim(),
      ownerTeam: values.ownerTeam,
      ownerId: values.ownerId.trim() === "" ? null : values.ownerId.trim(),
      changeReason: values.changeReason,
      // An edit based on a version someone has since replaced is refused (409), not applied over theirs.
      baseVersion: /^\d{1,6}$/.test(baseVersion) ? Number(baseVersion) : undefined,
    });
  } catch (err) {
    const failure = formFailure(err, SLA_EDIT_FIELDS);
    setResponseStatus(failure.status);
    return { errors: failure.fieldErrors, alert: failure.alert, values };
  }
  revalidatePath("/sla");
  redirect(`/sla/${key}?notice=versioned`);
}

function text(fd: FormData, name: string): string {
  const v = fd.get(name);
  return typeof v === "string" ? v.slice(0, 5000) : "";
}
