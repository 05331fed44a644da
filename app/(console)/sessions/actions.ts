"use server";
// Ending sessions from the Sessions page: thin wrappers over lib/auth/sessions.ts (which checks who may end what).
import { redirect } from "next/navigation";
import { z } from "zod";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requireUser } from "@/lib/auth/session";
import { revokeSessions } from "@/lib/auth/sessions";
import { currentBrowserSession } from "@/lib/auth/sign-out";

const ZId = z.string().regex(/^(ses|usr)_[0-9a-z]{4,40}$/);

export async function endSessionAction(formData: FormData): Promise<void> {
  const user = await requireUser();
  const id = ZId.safeParse(formData.get("sessionId"));
  if (!id.success) redirect("/sessions?notice=invalid");
  const ended = await revokeSessions(user, { sessionId: id.data }, await currentRequestMeta()).catch(() => 0);
  redirect(`/sessions?notice=${ended > 0 ? "ended" : "gone"}`);
}

export async function endOtherSessionsAction(): Promise<void> {
  const user = await requireUser();
  const current = await currentBrowserSession();
  const ended = await revokeSessions(user, { userId: user.id, exceptSessionId: current?.sessionId }, await currentRequestMeta());
  redirect(`/sessions?notice=${ended > 0 ? "ended" : "gone"}`);
}

export async function endUserSessionsAction(formData: FormData): Promise<void> {
  const user = await requireUser();
  const id = ZId.safeParse(formData.get("userId"));
  if (!id.success) redirect("/sessions?notice=invalid");
  const ended = await revokeSessions(user, { userId: id.data }, await currentRequestMeta()).catch(() => 0);
  redirect(`/sessions?notice=${ended > 0 ? "ended" : "gone"}`);
}
