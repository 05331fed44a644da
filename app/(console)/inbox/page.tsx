// The inbox: the signed-in user's notifications, newest first (grant reminders, approvals wanted, break-glass
// alerts; later exports, holds, SLA). Opening an item marks it read; items can be marked read one by one or all.
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { cn } from "@/components/ui/cn";
import { firstParam, tableHref } from "@/components/data-table/table-href";
import { formatAgo, formatNumber, formatUtc } from "@/components/data/format";
import { requirePageUser } from "@/lib/auth/session";
import { now } from "@/lib/core/clock";
import { findInboxPage } from "@/lib/inbox/inbox";
import { markAllReadAction, markReadAction } from "./actions";

export const metadata: Metadata = { title: "Inbox" };

const PAGE_SIZE = 25;

export default async function InboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser();
  const sp = await searchParams;
  const unreadOnly = firstParam(sp.unread) === "1";
  const cursor = firstParam(sp.cursor) || undefined;
  const page = await findInboxPage(user.id, { cursor, unread: unreadOnly ? "1" : undefined, limit: PAGE_SIZE });
  const at = now();

  return (
    <>
      <PageHeader
        title="Inbox"
        description="Notifications for you: requests waiting for a decision, grants about to expire, break-glass alerts. Opening one marks it read."
        actions={
          page.unread > 0 ? (
            <form action={markAllReadAction}>
              <Button type="submit" size="sm">
                Mark all read
              </Button>
            </form>
          ) : null
        }
      />

      <nav aria-label="Inbox filter" className="mb-4 flex items-center gap-2">
        <Link
          href="/inbox"
          aria-current={!unreadOnly ? "page" : undefined}
          className={buttonClassName({ variant: unreadOnly ? "ghost" : "secondary", size: "sm" })}
        >
          All
        </Link>
        <Link
          href="/inbox?unread=1"
          aria-current={unreadOnly ? "page" : undefined}
          className={buttonClassName({ variant: unreadOnly ? "secondary" : "ghost", size: "sm" })}
        >
          Unread
          <span className="tabular-nums text-slate-500" data-testid="unread-count">
            {formatNumber(page.unread)}
          </span>
        </Link>
      </nav>

      <Card>
        {page.rows.length === 0 ? (
          <EmptyState
            title={unreadOnly ? "Nothing unread" : "Your inbox is empty"}
            description={unreadOnly ? "You have read every notification." : "Notifications about your requests, grants and reviews will appear here."}
          />
        ) : (
          <ul aria-label="Notifications" className="divide-y divide-slate-100">
            {page.rows.map((n) => {
              const unread = n.readAt === null;
              return (
                <li
                  key={n.id}
                  data-notification-id={n.id}
                  data-unread={unread ? "true" : "false"}
                  className={cn("flex gap-3 px-4 py-3", unread && "bg-indigo-50/40")}
                >
                  <span aria-hidden="true" className={cn("mt-1.5 size-2 shrink-0 rounded-full", unread ? "bg-indigo-600" : "bg-transparent")} />
                  <div className="min-w-0 flex-1">
                    <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
                      {n.href ? (
                        // A plain link, never prefetched: following it marks the item read.
                        <a href={`/inbox/open/${n.id}`} className={cn("text-indigo-700 hover:underline", unread ? "font-semibold" : "font-medium")}>
                          {n.title}
                        </a>
                      ) : (
                        <span className={cn("text-slate-900", unread ? "font-semibold" : "font-medium")}>{n.title}</span>
                      )}
                      {unread ? <Badge variant="info">Unread</Badge> : null}
                    </p>
                    <p className="mt-0.5 text-sm wrap-break-word text-slate-700">{n.body}</p>
                    <p className="mt-1 text-xs text-slate-500">
                      <time dateTime={n.createdAt.toISOString()} title={formatUtc(n.createdAt)}>
                        {formatAgo(n.createdAt, at)}
                      </time>
                    </p>
                  </div>
                  {unread ? (
                    <form action={markReadAction} className="shrink-0 self-center">
                      <input type="hidden" name="id" value={n.id} />
                      <Button type="submit" size="sm" variant="ghost" aria-label={`Mark “${n.title}” read`}>
                        Mark read
                      </Button>
                    </form>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
        {page.nextCursor || cursor ? (
          <nav aria-label="Inbox pages" className="flex items-center justify-end gap-2 border-t border-slate-200 px-3 py-2">
            {cursor ? (
              <Link href={tableHref("/inbox", sp, { cursor: null })} className={buttonClassName({ variant: "ghost", size: "sm" })}>
                Newest
              </Link>
            ) : null}
            {page.nextCursor ? (
              <Link
                href={tableHref("/inbox", sp, { cursor: page.nextCursor })}
                rel="next"
                className={buttonClassName({ variant: "secondary", size: "sm" })}
              >
                Older
              </Link>
            ) : null}
          </nav>
        ) : null}
      </Card>
    </>
  );
}
