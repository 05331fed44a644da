// 404 for unknown addresses and notFound(): friendly, no detail about what exists.
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClassName } from "@/components/ui/button";
import { Wordmark } from "@/components/layout/wordmark";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main id="main-content" className="flex min-h-dvh flex-col items-center justify-center px-6 py-16 text-center">
      <Wordmark className="mb-10" />
      <p className="text-sm font-semibold text-indigo-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">Page not found</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600">
        The address may be mistyped, or the record may have been removed. If you followed a link from Warden, let the privacy team know.
      </p>
      <Link href="/" className={buttonClassName({ variant: "primary", className: "mt-6" })}>
        Back to home
      </Link>
    </main>
  );
}
