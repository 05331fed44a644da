// The inbox bell in the app shell: a link to /inbox whose name carries the unread count ("Inbox, 3 unread"), so a
// screen reader hears what the badge shows. Server-rendered with the page; marking items read refreshes it.
import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { NavIcon } from "./nav-icons";

export function InboxBell({ unread, className }: { unread: number; className?: string }) {
  const label = unread > 0 ? `Inbox, ${unread} unread` : "Inbox, no unread items";
  return (
    <Link
      href="/inbox"
      aria-label={label}
      title={label}
      data-testid="inbox-bell"
      className={cn(
        "relative inline-flex size-9 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900",
        className,
      )}
    >
      <NavIcon name="inbox" className="size-5" />
      {unread > 0 ? (
        <span
          aria-hidden="true"
          className="absolute -top-0.5 -right-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-red-600 px-1 text-[0.625rem] leading-none font-semibold text-white tabular-nums"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
