"use server";
// Ending sessions from the Sessions page: thin wrappers over lib/auth/sessions.ts (which checks who may end what).
import { redirect } from "next/navigation";
import { z } from "zod";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { AppError } from "@/lib/core/errors";
import { requireUser } from "@/lib/auth/session";
import { revokeSessions } from "@/lib/auth/sessions";
import { currentBrowserSession } from "@/lib/auth/sign-out";

const ZId = z.string().regex(/^(ses|usr)_[0-9a-z]{4,40}$/);

/** How many sessions ended; a session that is not there (or not yours) reads as already ended. */
async function ended(work: Promise<number>): Promise<"ended" | "gone" | "failed"> {
  try {
    return (await work) > 0 ? "ended" : "gone";
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") return "gone";
    console.error("[warden] could not end sessions", err);
    return "failed";
  }
}

export async function endSessionAction(formData: FormData): Promise<void> {
  const user = await requireUser();
  const id = ZId.safeParse(formData.get("sessionId"));
  if (!id.success) redirect("/sessions?notice=invalid");
  redirect(`/sessions?notice=${await ended(revokeSessions(user, { sessionId: id.data }, await currentRequestMeta()))}`);
}

export async function endOtherSessionsAction(): Promise<void> {
  const user = await requireUser();
  const current = await currentBrowserSession();
  redirect(
    `/sessions?notice=${await ended(revokeSessions(user, { userId: user.id, exceptSessionId: current?.sessionId }, await currentRequestMeta()))}`,
  );
}

export async function endUserSessionsAction(formData: FormData): Promise<void> {
  const user = await requireUser();
  const id = ZId.safeParse(formData.get("userId"));
  if (!id.success) redirect("/sessions?notice=invalid");
  redirect(`/sessions?notice=${await ended(revokeSessions(user, { userId: id.data }, await currentRequestMeta()))}`);
}
