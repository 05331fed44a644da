// Inline navigation icons (20px, stroke = currentColor). Referenced by name so nav items stay serialisable.
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

const PATHS = {
  home: (
    <>
      <path d="M3.5 9 10 3.5 16.5 9" />
      <path d="M5 8v8.5h3.75V12.5h2.5v4H15V8" />
    </>
  ),
  people: (
    <>
      <circle cx="7.5" cy="7" r="2.75" />
      <path d="M2.75 16.5c.5-2.6 2.4-4.25 4.75-4.25s4.25 1.65 4.75 4.25" />
      <path d="M12.75 4.5a2.6 2.6 0 0 1 0 5M14.25 12.4c1.55.5 2.65 1.9 3 4.1" />
    </>
  ),
  ledger: (
    <>
      <path d="M5 3h8.5L16 5.5V17H5z" />
      <path d="M8 8h5M8 11h5M8 14h3" />
    </>
  ),
  tokens: (
    <>
      <circle cx="6.5" cy="10" r="3" />
      <path d="M9.5 10h7.5M14 10v3M16.5 10v2" />
    </>
  ),
  sessions: (
    <>
      <rect x="3" y="4" width="14" height="9.5" rx="1.5" />
      <path d="M7.5 16.5h5M10 13.5v3" />
    </>
  ),
  scopes: (
    <>
      <circle cx="7" cy="13" r="3.25" />
      <path d="m9.4 10.6 6.1-6.1M13 7l2 2M14.75 5.25l1.5 1.5" />
    </>
  ),
  exports: (
    <>
      <path d="M10 3v9M6.5 8.5 10 12l3.5-3.5" />
      <path d="M4 13.5V16h12v-2.5" />
    </>
  ),
  holds: (
    <>
      <rect x="4.5" y="9" width="11" height="8" rx="1.5" />
      <path d="M7 9V6.5a3 3 0 0 1 6 0V9" />
    </>
  ),
  sla: (
    <>
      <path d="M3.5 14a6.5 6.5 0 1 1 13 0" />
      <path d="m10 14 3-4" />
      <path d="M3.5 16.5h13" />
    </>
  ),
  catalog: (
    <>
      <rect x="3.5" y="4" width="13" height="12" rx="1.5" />
      <path d="M3.5 8h13M8 8v8" />
    </>
  ),
  inbox: (
    <>
      <path d="M5.5 13.5V9a4.5 4.5 0 0 1 9 0v4.5l1.25 1.75H4.25z" />
      <path d="M8.25 17a1.9 1.9 0 0 0 3.5 0" />
    </>
  ),
  users: (
    <>
      <circle cx="10" cy="6.75" r="3" />
      <path d="M4 16.75c.6-3 3-4.75 6-4.75s5.4 1.75 6 4.75" />
    </>
  ),
  breakGlass: (
    <>
      <path d="M10 2.75 17 15.5H3z" />
      <path d="M10 7.5v3.25M10 13.25v.25" />
    </>
  ),
  reviews: (
    <>
      <rect x="4" y="3.5" width="12" height="13.5" rx="1.5" />
      <path d="m7 8 1.25 1.25L10.5 7M7 12.5l1.25 1.25 2.25-2.25M12 8.25h1.5M12 12.75h1.5" />
    </>
  ),
  grants: (
    <>
      <path d="M10 2.75 16 5v4.75c0 3.6-2.5 6.1-6 7.5-3.5-1.4-6-3.9-6-7.5V5z" />
      <path d="m7.5 10 1.75 1.75L12.75 8" />
    </>
  ),
  requests: (
    <>
      <rect x="4.5" y="3.5" width="11" height="13.5" rx="1.5" />
      <path d="M8 3.5V2.75h4v.75M7.5 9h5M7.5 12h3.5" />
    </>
  ),
  policies: (
    <>
      <path d="M10 3v14M5.5 17h9M4 6.5h12" />
      <path d="M4 6.5 2.5 11a2 2 0 0 0 3 0zM16 6.5 14.5 11a2 2 0 0 0 3 0z" />
    </>
  ),
  jobs: (
    <>
      <circle cx="10" cy="10" r="6.75" />
      <path d="M10 6.25V10l2.5 1.75" />
    </>
  ),
  settings: (
    <>
      <circle cx="10" cy="10" r="2.5" />
      <path d="M10 2.75v2M10 15.25v2M2.75 10h2M15.25 10h2M4.9 4.9l1.4 1.4M13.7 13.7l1.4 1.4M4.9 15.1l1.4-1.4M13.7 6.3l1.4-1.4" />
    </>
  ),
  trace: (
    <>
      <circle cx="8.5" cy="8.5" r="4.75" />
      <path d="M12 12l4.75 4.75M6.75 8.5h3.5M8.5 6.75v3.5" />
    </>
  ),
} satisfies Record<string, ReactNode>;

export type NavIconName = keyof typeof PATHS;

export function NavIcon({ name, className }: { name: NavIconName; className?: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 20 20"
      className={cn("size-[1.125rem] shrink-0", className)}
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {PATHS[name]}
    </svg>
  );
}
