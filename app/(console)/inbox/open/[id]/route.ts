// Opening an inbox item: marks it read (the signed-in user's own items only) and sends the browser on to the
// console page it points at. A link rather than a form, so it opens in a new tab like any link; marking one's own
// notification read is the only effect, which is harmless for a GET.
import { getSessionUser } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/auth/callback-path";
import { openInboxItem } from "@/lib/inbox/inbox";

export const dynamic = "force-dynamic";

function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
}

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const user = await getSessionUser();
  if (!user) return seeOther(`/sign-in?callbackUrl=${encodeURIComponent("/inbox")}`);
  const item = /^ntf_[0-9a-z]{4,40}$/.test(id) ? await openInboxItem(user.id, id) : null;
  // Only console paths: a stored href can never send anyone to another site.
  const target = item?.href ? safeCallbackPath(item.href) : "/inbox";
  return seeOther(target);
}
