"use client";
// The console's navigation chrome. At lg and up: a fixed left sidebar. Below lg: a sticky top bar whose
// "Menu" button discloses the same nav and user panel (rendered once, so there is one nav landmark).
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useId, useRef, useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { NavIcon } from "./nav-icons";
import type { NavItem } from "./nav-item";
import { Wordmark } from "./wordmark";

export interface SidebarProps {
  nav: NavItem[];
  /** Rendered under the nav: the signed-in user and the sign-out button (server-rendered by AppShell). */
  footer: ReactNode;
  /** Beside the wordmark at every width (the inbox bell), server-rendered by AppShell. */
  actions?: ReactNode;
}

function isActivePath(pathname: string, href: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function Sidebar({ nav, footer, actions }: SidebarProps) {
  const pathname = usePathname();
  const panelId = useId();
  const menuButton = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [shownPath, setShownPath] = useState(pathname);

  // Close the mobile menu once a navigation lands (adjusting state during render, not in an effect).
  if (shownPath !== pathname) {
    setShownPath(pathname);
    setOpen(false);
  }

  return (
    <header
      className="sticky top-0 z-40 flex flex-col border-b border-slate-200 bg-white lg:fixed lg:inset-y-0 lg:left-0 lg:w-sidebar lg:border-b-0 lg:border-r"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          setOpen(false);
          menuButton.current?.focus();
        }
      }}
    >
      <div className="flex h-14 shrink-0 items-center justify-between gap-2 px-4 lg:h-16 lg:px-5">
        <Link href="/" className="-m-1 rounded-md p-1">
          <Wordmark />
        </Link>
        {actions ? <div className="ml-auto flex items-center lg:-mr-2">{actions}</div> : null}
        <button
          ref={menuButton}
          type="button"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((v) => !v)}
          className="-mr-1 inline-flex h-9 items-center gap-1.5 rounded-md px-2.5 text-sm font-medium text-slate-700 hover:bg-slate-100 lg:hidden"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round">
            {open ? <path d="M5 5l10 10M15 5 5 15" /> : <path d="M3.5 6h13M3.5 10h13M3.5 14h13" />}
          </svg>
          Menu
        </button>
      </div>

      <div
        id={panelId}
        className={cn(
          open ? "flex" : "hidden",
          "max-h-[calc(100dvh-3.5rem)] min-h-0 flex-1 flex-col overflow-y-auto border-t border-slate-200",
          "lg:flex lg:max-h-none lg:border-t-0",
        )}
      >
        <nav aria-label="Main" className="flex-1 px-3 py-3 lg:pt-1">
          <ul className="flex flex-col gap-0.5">
            {nav.map((item) => {
              const active = isActivePath(pathname, item.href);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={active ? "page" : undefined}
                    onClick={() => setOpen(false)}
                    className={cn(
                      "flex h-9 items-center gap-2.5 rounded-md px-2.5 text-sm font-medium transition-colors",
                      active ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
                    )}
                  >
                    {item.icon ? <NavIcon name={item.icon} className={active ? "text-indigo-600" : "text-slate-500"} /> : null}
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="shrink-0 border-t border-slate-200 p-3">{footer}</div>
      </div>
    </header>
  );
}
