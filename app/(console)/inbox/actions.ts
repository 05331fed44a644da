"use server";
// Marking inbox items read: plain-form server actions (they work before the page's JavaScript has loaded). Only
// ever the signed-in user's own items (lib/inbox/inbox.ts scopes every write to them).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { markRead } from "@/lib/inbox/inbox";

const ZNotificationId = z.string().regex(/^ntf_[0-9a-z]{4,40}$/);

export async function markReadAction(formData: FormData): Promise<void> {
  const user = await requireUser();
  const id = ZNotificationId.safeParse(formData.get("id"));
  if (id.success) await markRead(user.id, [id.data]);
  // The bell in the layout shows the unread count: refresh it with the page.
  revalidatePath("/", "layout");
}

export async function markAllReadAction(): Promise<void> {
  const user = await requireUser();
  await markRead(user.id, "all");
  revalidatePath("/", "layout");
}
