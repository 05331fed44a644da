// Next.js configuration: native modules stay outside the bundle, forbidden()/unauthorized() are enabled.
// Pages and routes get their security headers (with a per-request CSP nonce) from scripts/server.ts
// (lib/http/page-security.ts); Next's static files, which it leaves alone, get the static ones here.
import type { NextConfig } from "next";
import { securityHeaders } from "./lib/http/security-headers";

export default function config(): NextConfig {
  return {
    poweredByHeader: false,
    // `npm test` builds only after its own typecheck step has passed over both Prisma clients' programs
    // (scripts/test.sh sets this then): the build's type-check pass would repeat it (decision 038). Every other build
    // checks types.
    typescript: { ignoreBuildErrors: process.env.WARDEN_BUILD_TYPECHECKED === "1" },
    // Native addons (and pg's optional native binding) must be required at runtime, not bundled.
    serverExternalPackages: ["better-sqlite3", "argon2", "pg"],
    experimental: {
      // forbidden() and unauthorized() from next/navigation, used by lib/auth/session.ts.
      authInterrupts: true,
    },
    async headers() {
      return [
        {
          source: "/_next/static/:path*",
          headers: securityHeaders({ https: false }).map(([key, value]) => ({ key, value })),
        },
      ];
    },
  };
}
