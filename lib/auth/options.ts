import "server-only";
// next-auth configuration: email + password (credentials) and, when configured, one OIDC provider. Built on
// first use, not at import, because it reads the environment and `next build` runs without either.
import type { NextAuthOptions } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import CredentialsProvider from "next-auth/providers/credentials";
import { now } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { recordAuthEvent } from "./auth-events";
import { currentRequestMeta } from "./current-request-meta";
import { admitOidcUser, findUserByOidcSubject } from "./oidc-sign-in";
import { headersFromRecord, requestMetaFromHeaders, systemRequestMeta } from "./request-meta";
import { authenticateWithPassword } from "./sign-in";

export const OIDC_PROVIDER_ID = "oidc";
export const CREDENTIALS_PROVIDER_ID = "credentials";
/** The error code the sign-in form shows as "temporarily unavailable" (database or ledger down). */
export const SIGN_IN_UNAVAILABLE = "SignInUnavailable";

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
          return await authenticateWithPassword(credentials?.email, credentials?.password, meta);
        } catch (err) {
          // next-auth puts a thrown message into the redirect URL; only a fixed code may leave the server.
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
    jwt: { maxAge: e.sessionMaxAgeSeconds },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers,
    callbacks: {
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
          const signedIn =
            account.provider === OIDC_PROVIDER_ID ? await findUserByOidcSubject(account.providerAccountId) : user;
          if (!signedIn?.role) return {};
          return {
            sub: signedIn.id,
            id: signedIn.id,
            role: signedIn.role,
            name: signedIn.name,
            email: signedIn.email,
            authTime: Math.floor(now().getTime() / 1000),
          };
        }
        // Absolute lifetime: reading the session re-issues the cookie, which would otherwise slide forever.
        if (typeof token.authTime !== "number" || now().getTime() / 1000 - token.authTime > e.sessionMaxAgeSeconds) {
          return {};
        }
        return token;
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
        if (!token?.id || !token.role) return;
        try {
          await recordAuthEvent({
            action: "auth.signed_out",
            decision: "allow",
            user: { id: token.id, role: token.role },
            meta: await metaOrSystem(),
            purpose: "sign-out",
          });
        } catch (err) {
          console.error("[warden] could not record sign-out", err);
        }
      },
    },
  };
}

async function metaOrSystem() {
  try {
    return await currentRequestMeta();
  } catch {
    return systemRequestMeta(); // outside a request scope (should not happen inside the auth route)
  }
}
