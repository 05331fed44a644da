// Where to send someone after sign-in. Only same-origin paths are accepted, so a crafted link cannot turn the
// sign-in page into an open redirect. Pure, and safe to import from client components.

/**
 * A relative path ("/…", not "//…" or "/\…", which browsers treat as another host) or "/". With `origin`,
 * an absolute URL on that same origin is accepted and reduced to its path (next-auth hands those out).
 */
export function safeCallbackPath(value: string | null | undefined, origin?: string): string {
  if (!value) return "/";
  if (origin && /^https?:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      return url.origin === origin ? safeCallbackPath(url.pathname + url.search + url.hash) : "/";
    } catch {
      return "/";
    }
  }
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  // Control characters (a smuggled newline or tab) never belong in a path we redirect to.
  if (/[\u0000-\u001f\u007f]/.test(value)) return "/";
  return value.length > 2048 ? "/" : value;
}

/**
 * Whether next-auth may be handed this callback value (query parameter or cookie) at all: next-auth answers a
 * value it cannot parse with a 500 before any callback of ours runs, so scripts/server.ts drops such values first
 * (lib/http/page-security.ts).
 */
export function isUsableCallbackValue(value: string, origin: string): boolean {
  return value === "/" || safeCallbackPath(value, origin) !== "/";
}
