// The sign-in page: email and password, plus single sign-on when an OIDC provider is configured.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/callback-path";
import { getSessionUser } from "@/lib/auth/session";
import { env } from "@/lib/core/env";
import { SignInForm } from "./sign-in-form";
import { signInErrorMessage } from "./sign-in-messages";

export const metadata: Metadata = { title: { absolute: "Sign in — Warden" } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = first(params.callbackUrl) ?? "/";
  if (await getSessionUser()) redirect(safeCallbackPath(callbackUrl));
  const oidc = env().oidc;

  return (
    <main id="main-content" className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <p className="text-xs font-semibold uppercase tracking-widest text-indigo-700">Warden</p>
          <h1 className="mt-2 text-2xl font-semibold text-slate-900">Sign in</h1>
          <p className="mt-1 text-sm text-slate-600">Governance console for the marketplace data platform.</p>
        </div>
        <SignInForm
          callbackUrl={callbackUrl}
          ssoEnabled={oidc !== null}
          ssoName={oidc?.name ?? ""}
          initialError={signInErrorMessage(first(params.error))}
        />
        <p className="mt-6 text-center text-xs text-slate-500">Sign-ins, failed attempts and refused pages are recorded in the access ledger.</p>
      </div>
    </main>
  );
}
