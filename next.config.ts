// Next.js configuration: native modules stay outside the bundle, forbidden()/unauthorized() are enabled,
// and every response carries the security headers an internal console handling personal data needs.
import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";

function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    // 'unsafe-inline' because the App Router inlines its bootstrap scripts; nonces would force every page dynamic.
    // The dev server also evaluates code (React Refresh) and talks to the HMR websocket.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export default function config(phase: string): NextConfig {
  const dev = phase === PHASE_DEVELOPMENT_SERVER;
  return {
    poweredByHeader: false,
    // Native addons (and pg's optional native binding) must be required at runtime, not bundled.
    serverExternalPackages: ["better-sqlite3", "argon2", "pg"],
    experimental: {
      // forbidden() and unauthorized() from next/navigation, used by lib/auth/session.ts.
      authInterrupts: true,
    },
    async headers() {
      return [
        {
          source: "/:path*",
          headers: [
            { key: "Content-Security-Policy", value: contentSecurityPolicy(dev) },
            { key: "X-Frame-Options", value: "DENY" },
            { key: "X-Content-Type-Options", value: "nosniff" },
            { key: "Referrer-Policy", value: "same-origin" },
            { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
            { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          ],
        },
      ];
    },
  };
}
