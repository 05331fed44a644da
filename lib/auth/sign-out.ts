import "server-only";
// Signing out from a plain form (a server action): works before the page's JavaScript has loaded. Ends the
// server-side session the cookie names, records it, and clears next-auth's cookies in this browser.
import { cookies } from "next/headers";
import { decode } from "next-auth/jwt";
import { env } from "@/lib/core/env";
import { currentRequestMeta } from "./current-request-meta";
import { signOutSession } from "./sessions";

const COOKIE_BASES = ["next-auth.session-token", "next-auth.callback-url", "next-auth.csrf-token"];

/** The session this browser's cookie names (signed and unexpired), or null. */
export async function currentBrowserSession(): Promise<{ sessionId: string; userId: string } | null> {
  const sessionCookie = env().https ? "__Secure-next-auth.session-token" : "next-auth.session-token";
  const raw = (await cookies()).get(sessionCookie)?.value;
  if (!raw) return null;
  const token = await decode({ token: raw, secret: env().authSecret }).catch(() => null);
  if (!token || typeof token.sid !== "string" || typeof token.id !== "string") return null;
  return { sessionId: token.sid, userId: token.id };
}

export async function signOutCurrentBrowser(): Promise<void> {
  const jar = await cookies();
  const current = await currentBrowserSession();
  if (current) await signOutSession(current.sessionId, await currentRequestMeta());
  for (const base of COOKIE_BASES) {
    for (const name of [base, `__Secure-${base}`, `__Host-${base}`]) {
      if (jar.get(name)) jar.delete(name);
    }
  }
}
