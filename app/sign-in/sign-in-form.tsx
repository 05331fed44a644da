"use client";
// The sign-in form: posts to next-auth without a page reload and shows one message for every refusal.
import { signIn } from "next-auth/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { safeCallbackPath } from "@/lib/auth/callback-path";
import { CREDENTIALS_ERROR, signInErrorMessage } from "./sign-in-messages";

export interface SignInFormProps {
  /** As received in the query string; re-checked here against this page's origin before it is followed. */
  callbackUrl: string;
  ssoEnabled: boolean;
  ssoName: string;
  initialError: string | null;
}

const ERROR_ID = "sign-in-error";

export function SignInForm({ callbackUrl, ssoEnabled, ssoName, initialError }: SignInFormProps) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState<"password" | "sso" | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const retryRef = useRef(false);

  // After a refused attempt: empty the password and put the cursor back in it. Done after the re-render,
  // because the field is still disabled while the attempt is pending.
  useEffect(() => {
    if (pending !== null || !retryRef.current || !passwordRef.current) return;
    retryRef.current = false;
    passwordRef.current.value = "";
    passwordRef.current.focus();
  }, [pending]);

  function target(): string {
    return safeCallbackPath(callbackUrl, window.location.origin);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    const destination = target();
    setError(null); // cleared first, so the same message twice is announced twice
    setPending("password");
    try {
      const result = await signIn("credentials", {
        redirect: false,
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        callbackUrl: destination,
      });
      if (result?.ok && !result.error) {
        // A full navigation, so the server renders the console with the new session cookie.
        window.location.assign(destination);
        return;
      }
      setError(signInErrorMessage(result?.error ?? "CredentialsSignin") ?? CREDENTIALS_ERROR);
    } catch {
      setError(signInErrorMessage("SignInUnavailable"));
    }
    retryRef.current = true;
    setPending(null);
  }

  async function onSso() {
    if (pending) return;
    setError(null);
    setPending("sso");
    try {
      await signIn("oidc", { callbackUrl: target() }); // navigates away to the identity provider
    } catch {
      setError(signInErrorMessage("SignInUnavailable"));
      setPending(null);
    }
  }

  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      {/* Always in the tree (even when empty): a live region added together with its text is often not announced. */}
      <div id={ERROR_ID} role="alert">
        {error ? <p className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2.5 text-sm text-red-900">{error}</p> : null}
      </div>

      {/* method="post": before hydration a submit must not put the password into the URL. */}
      <form method="post" onSubmit={onSubmit} className="flex flex-col gap-4">
        <Input
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={254}
          autoFocus
          disabled={pending !== null}
        />
        <Input
          ref={passwordRef}
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={1024}
          disabled={pending !== null}
          aria-describedby={error ? ERROR_ID : undefined}
        />
        <Button type="submit" variant="primary" pending={pending === "password"} disabled={pending !== null} className="mt-1 w-full">
          {pending === "password" ? "Signing in…" : "Sign in"}
        </Button>
      </form>

      {ssoEnabled ? (
        <>
          <div className="my-5 flex items-center gap-3 text-xs text-slate-500" aria-hidden="true">
            <span className="h-px flex-1 bg-slate-200" />
            or
            <span className="h-px flex-1 bg-slate-200" />
          </div>
          <Button type="button" variant="secondary" onClick={onSso} pending={pending === "sso"} disabled={pending !== null} className="w-full">
            Sign in with {ssoName}
          </Button>
        </>
      ) : null}
    </div>
  );
}
