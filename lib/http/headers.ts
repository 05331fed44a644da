// Request headers set by scripts/server.ts for the app: resolved from the socket and TRUSTED_PROXIES, never
// from the client (the server drops any incoming x-warden-* header). Zod-free, safe anywhere.
export const WARDEN_HEADER_PREFIX = "x-warden-";
export const CLIENT_IP_HEADER = "x-warden-client-ip";
export const REQUEST_ID_HEADER = "x-request-id";
/** Present when scripts/server.ts handled the request (so x-request-id is its own, not the client's). */
export const EDGE_HEADER = "x-warden-edge";
/** Set by scripts/server.ts (page-security.ts): the path (and query) being rendered, for the sign-in redirect's callbackUrl. */
export const PATHNAME_HEADER = "x-warden-pathname";
/** Set by scripts/server.ts (page-security.ts): this response's CSP nonce. */
export const NONCE_HEADER = "x-warden-nonce";
