// Root layout: document shell, global CSS and the skip link. Console chrome lives in app/(console)/layout.tsx.
import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { template: "%s — Warden", default: "Warden" },
  description: "Governance console for the marketplace data platform: scopes, access ledger, exports, holds and SLAs.",
  applicationName: "Warden",
  icons: { icon: "/favicon.svg" },
  // An internal console: never indexed.
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: each response carries its own CSP nonce (scripts/server.ts), which Next.js puts on its
  // scripts only when it renders the page for that request.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh">
        {/* Every page renders its main landmark with id="main-content" (see components/layout/app-shell.tsx). */}
        <a
          href="#main-content"
          className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow-lg ring-1 ring-slate-200 focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50"
        >
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
