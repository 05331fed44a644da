"use server";
// Starting a verification from the panel: a thin wrapper over lib/ledger/verification.ts (which checks the role too).
import { redirect } from "next/navigation";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { startVerification } from "@/lib/verification/verification-runs";

export async function startVerificationAction(): Promise<void> {
  const user = await requireUser();
  const meta = await currentRequestMeta();
  await requirePermission(user, "ledger.verify", meta);
  await startVerification(user, meta);
  redirect("/ledger/verify?notice=started");
}
