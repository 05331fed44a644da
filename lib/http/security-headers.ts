// The security headers every response carries. Pure (scripts/server.ts applies them per request, page-security.ts;
// next.config.ts applies the static ones to Next's static files, which that leaves alone).

export function contentSecurityPolicy(opts: { nonce: string; dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts the nonce-bearing bootstrap loads are trusted; nothing inline without the nonce.
    // The dev server also evaluates code (React Refresh) and talks to the HMR websocket.
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${opts.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function securityHeaders(opts: { https: boolean }): Array<[string, string]> {
  return [
    ["X-Frame-Options", "DENY"],
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "same-origin"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    // Only behind https: a browser that sees HSTS over plain http ignores it, and the demo runs on http.
    ...(opts.https ? ([["Strict-Transport-Security", "max-age=63072000; includeSubDomains"]] as Array<[string, string]>) : []),
  ];
}
