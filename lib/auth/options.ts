import "server-only";
// next-auth configuration: email + password (credentials) and, when configured, one OIDC provider. Built on
// first use, not at import, because it reads the environment and `next build` runs without either.
// The JWT cookie names a server-side session (lib/auth/sessions.ts), checked on every request.
import type { NextAuthOptions } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import CredentialsProvider from "next-auth/providers/credentials";
import { cookies, headers } from "next/headers";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { safeCallbackPath } from "./callback-path";
import { currentRequestMeta } from "./current-request-meta";
import { deviceLabel } from "./device-label";
import { DEVICE_TOKEN_DAYS } from "./device-trust";
import { admitOidcUser, findUserByOidcSubject } from "./oidc-sign-in";
import { decodeSessionToken, encodeSessionToken } from "./jwt-codec";
import { headersFromRecord, requestMetaFromHeaders, systemRequestMeta } from "./request-meta";
import { checkSession, signOutSession, startSession } from "./sessions";
import { signInWithPassword } from "./sign-in";

export const OIDC_PROVIDER_ID = "oidc";
export const CREDENTIALS_PROVIDER_ID = "credentials";
/** The error codes the sign-in form maps to messages (next-auth carries a thrown message as ?error=). */
export const SIGN_IN_UNAVAILABLE = "SignInUnavailable";
export const SIGN_IN_RATE_LIMITED = "RateLimited";

/** Thrown by the jwt callback when the session has ended: next-auth then clears the cookie and answers `{}`. */
export class SessionEnded extends Error {
  constructor(reason: string) {
    super(`session ended: ${reason}`);
    this.name = "SessionEnded";
  }
}

interface OidcProfile {
  sub: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
  preferred_username?: string;
}

let cached: NextAuthOptions | null = null;

export function getAuthOptions(): NextAuthOptions {
  cached ??= buildAuthOptions();
  return cached;
}

/** The cookie that marks a browser as having signed in to an account before (lib/auth/device-trust.ts). */
export function deviceCookieName(): string {
  return env().https ? "__Host-warden-device" : "warden-device";
}

function buildAuthOptions(): NextAuthOptions {
  const e = env();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: CREDENTIALS_PROVIDER_ID,
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        const meta = requestMetaFromHeaders(headersFromRecord(req?.headers));
        try {
          const jar = await cookies();
          const result = await signInWithPassword(credentials?.email, credentials?.password, meta, {
            deviceToken: jar.get(deviceCookieName())?.value,
          });
          if (!result) return null;
          jar.set(deviceCookieName(), result.deviceToken, {
            httpOnly: true,
            sameSite: "lax",
            secure: e.https,
            path: "/",
            maxAge: DEVICE_TOKEN_DAYS * 86_400,
          });
          return { ...result.user, method: "password" };
        } catch (err) {
          // next-auth puts a thrown message into the redirect URL; only a fixed code may leave the server.
          if (err instanceof AppError && err.code === "rate_limited") throw new Error(SIGN_IN_RATE_LIMITED);
          console.error("[warden] sign-in could not be completed", err);
          throw new Error(SIGN_IN_UNAVAILABLE);
        }
      },
    }),
  ];
  if (e.oidc) {
    const oidc: OAuthConfig<OidcProfile> = {
      id: OIDC_PROVIDER_ID,
      name: e.oidc.name,
      type: "oauth",
      wellKnown: `${e.oidc.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`,
      clientId: e.oidc.clientId,
      clientSecret: e.oidc.clientSecret,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(p) {
        return { id: p.sub, email: p.email ?? null, name: p.name ?? p.preferred_username ?? p.email ?? null };
      },
    };
    providers.push(oidc);
  }

  return {
    secret: e.authSecret,
    session: { strategy: "jwt", maxAge: e.sessionMaxAgeSeconds },
    // next-auth's token format, with its derived key computed once per secret instead of on every request.
    jwt: { maxAge: e.sessionMaxAgeSeconds, encode: encodeSessionToken, decode: decodeSessionToken },
    useSecureCookies: e.https,
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers,
    logger: {
      error(code, metadata) {
        // An ended session is an answer ("signed out"), not a fault.
        const cause = (metadata as { error?: unknown } | undefined)?.error ?? metadata;
        if (code === "JWT_SESSION_ERROR" && cause instanceof SessionEnded) return;
        console.error(`[next-auth] ${code}`, cause instanceof Error ? cause.message : "");
      },
      warn(code) {
        if (code !== "NEXTAUTH_URL") console.warn(`[next-auth] ${code}`);
      },
      debug() {},
    },
    callbacks: {
      // Never throws: next-auth calls this with the callbackUrl parameter or cookie, whatever a client sent.
      async redirect({ url, baseUrl }) {
        try {
          const base = new URL(baseUrl);
          return new URL(safeCallbackPath(url, base.origin), base).toString();
        } catch {
          return baseUrl;
        }
      },
      async signIn({ account, profile }) {
        if (account?.provider === CREDENTIALS_PROVIDER_ID) return true; // authorize() has decided and recorded
        if (account?.provider !== OIDC_PROVIDER_ID) return false;
        const p = (profile ?? {}) as Partial<OidcProfile>;
        const user = await admitOidcUser(
          { subject: account.providerAccountId, email: p.email ?? null, emailVerified: p.email_verified ?? null },
          await metaOrSystem(),
        );
        return user !== null;
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          // On sign-in only. The OIDC "user" is the provider's profile: map its subject to our account.
          const signedIn = account.provider === OIDC_PROVIDER_ID ? await findUserByOidcSubject(account.providerAccountId) : user;
          if (!signedIn?.role) throw new SessionEnded("no account");
          const session = await startSession(
            { id: signedIn.id, email: signedIn.email ?? "", name: signedIn.name ?? "", role: signedIn.role },
            account.provider === OIDC_PROVIDER_ID ? "oidc" : "password",
            await metaOrSystem(),
            deviceLabel(await userAgentOrNull()),
          );
          return { sub: signedIn.id, id: signedIn.id, sid: session.id };
        }
        // Every request: the session row decides (ended, idle, expired, user disabled, role changed → no session).
        if (typeof token.sid !== "string") throw new SessionEnded("no session id");
        const check = await checkSession(token.sid);
        if (!check.ok) throw new SessionEnded(check.reason);
        return { sub: check.user.id, id: check.user.id, sid: token.sid, role: check.user.role, name: check.user.name, email: check.user.email };
      },
      async session({ session, token }) {
        if (token.id && token.role) {
          session.user = { id: token.id, email: token.email ?? "", name: token.name ?? "", role: token.role };
        } else {
          delete (session as { user?: unknown }).user;
        }
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid !== "string") return;
        try {
          await signOutSession(token.sid, await metaOrSystem());
        } catch (err) {
          console.error("[warden] could not end the session at sign-out", err);
        }
      },
    },
  };
}

async function metaOrSystem() {
  try {
    return await currentRequestMeta();
  } catch {
    return systemRequestMeta(); // outside a request scope (tests)
  }
}

async function userAgentOrNull(): Promise<string | null> {
  try {
    return (await headers()).get("user-agent");
  } catch {
    return null;
  }
}
