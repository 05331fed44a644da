// The hostile inputs of the route fuzz test, and the requests built from them for each discovered route.
// Values are written as they travel on the wire (already percent-encoded, or deliberately malformed).
import type { Route, Segment } from "./discover-routes";

export const PAGE_METHODS = ["GET", "HEAD", "POST"] as const;
export const HANDLER_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** A request before it is given a role: the variant names the one hostile thing in it. */
export interface FuzzCase {
  route: string;
  method: string;
  /** Path and query, raw. */
  path: string;
  variant: string;
  headers?: Record<string, string>;
  /** Cookies set over the role's own (same name: replaced). */
  cookies?: Record<string, string>;
  /** Appended to the Cookie header as is, for malformed cookie syntax. */
  rawCookie?: string;
  body?: Buffer;
  contentType?: string;
  /** Needs the anonymous CSRF cookie and token (signed out only: a signed-in role must never send a valid token,
   *  which would let a sign-out endpoint end the session the rest of the run relies on). */
  withCsrf?: boolean;
}

interface Hostile {
  label: string;
  raw: string;
  /** Only aimed at keys that look like they hold a URL (an open redirect's usual way in). */
  urlish?: boolean;
}

const URL_KEY = /url|redirect|return|next|callback|href|link|dest/i;

const kb = (n: number, ch = "a") => ch.repeat(n * 1024);
const enc = encodeURIComponent;

export const HOSTILE_SEGMENTS: Hostile[] = [
  { label: "%zz", raw: "%zz" },
  { label: "%ED%A0%80 (lone surrogate)", raw: "%ED%A0%80" },
  { label: "%C0%AF (overlong UTF-8)", raw: "%C0%AF" },
  { label: "%F0%9F (truncated UTF-8)", raw: "%F0%9F" },
  { label: "..%2F..%2Fetc%2Fpasswd", raw: "..%2F..%2Fetc%2Fpasswd" },
  { label: "%2e%2e", raw: "%2e%2e" },
  { label: "%00", raw: "%00" },
  { label: "%25", raw: "%25" },
  { label: "5 kB", raw: kb(5) },
  { label: "unicode", raw: enc("Zoë-日本-🙂-\u202e") },
  { label: "-1", raw: "-1" },
  { label: "__proto__", raw: "__proto__" },
  { label: "<script>", raw: enc("<script>alert(1)</script>") },
  { label: "' OR 1=1 --", raw: enc("' OR 1=1 --") },
];

export const HOSTILE_QUERY_VALUES: Hostile[] = [
  { label: "-1", raw: "-1" },
  { label: "abc", raw: "abc" },
  { label: "a space", raw: "%20" },
  { label: "empty", raw: "" },
  { label: "http://", raw: enc("http://"), urlish: true },
  { label: "//evil.example", raw: enc("//evil.example"), urlish: true },
  { label: "/\\evil.example", raw: enc("/\\evil.example"), urlish: true },
  { label: "https://evil.example/", raw: enc("https://evil.example/"), urlish: true },
  { label: "javascript:alert(1)", raw: enc("javascript:alert(1)"), urlish: true },
  { label: "%zz", raw: "%zz" },
  { label: "%00", raw: "%00" },
  { label: "%ED%A0%80 (lone surrogate)", raw: "%ED%A0%80" },
  { label: "__proto__", raw: "__proto__" },
  { label: "constructor", raw: "constructor" },
  { label: "' OR 1=1 --", raw: enc("' OR 1=1 --") },
  { label: "<script>", raw: enc("<script>alert(1)</script>") },
  { label: "10 kB", raw: kb(10) },
  { label: "unicode", raw: enc("Zoë 日本 🙂 \u202e") },
  { label: "1e23", raw: "99999999999999999999999" },
];

/** For keys a route does not read (and for route handlers): enough to catch a parser that reads every key. */
const SHORT_QUERY_LABELS = new Set(["-1", "//evil.example", "%zz", "%ED%A0%80 (lone surrogate)", "10 kB"]);

/** Fuzzed on every route, whether or not it reads them, besides the keys found in the route's own files. */
export const BASE_QUERY_KEYS = ["q", "purpose", "cursor", "callbackUrl"];

/** Plausible values for the other keys a route reads, so one hostile key gets past the checks of the others. */
export const BENIGN_QUERY: Record<string, string> = { q: "smith", purpose: "Routine fuzz check" };

export const HOSTILE_COOKIES: { label: string; cookies?: Record<string, string>; raw?: string }[] = [
  { label: "next-auth.callback-url=-1", cookies: { "next-auth.callback-url": "-1" } },
  { label: "next-auth.callback-url=abc", cookies: { "next-auth.callback-url": "abc" } },
  { label: "next-auth.callback-url=javascript:alert(1)", cookies: { "next-auth.callback-url": enc("javascript:alert(1)") } },
  { label: "next-auth.callback-url=//evil.example", cookies: { "next-auth.callback-url": enc("//evil.example") } },
  { label: "next-auth.session-token=garbage", cookies: { "next-auth.session-token": "garbage" } },
  {
    label: "next-auth.session-token=JWE-shaped garbage",
    cookies: { "next-auth.session-token": "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAA.BBBB.CCCC" },
  },
  {
    label: "chunked next-auth.session-token.0/.1=garbage",
    cookies: { "next-auth.session-token.0": "garbage", "next-auth.session-token.1": "garbage" },
  },
  { label: "__Secure-next-auth.session-token=garbage", cookies: { "__Secure-next-auth.session-token": "garbage" } },
  { label: "next-auth.csrf-token=x", cookies: { "next-auth.csrf-token": "x" } },
  { label: "next-auth.csrf-token=%zz|%ED%A0%80", cookies: { "next-auth.csrf-token": "%zz|%ED%A0%80" } },
  { label: "7 kB cookie", cookies: { "warden-fuzz": kb(7, "x") } },
  { label: "malformed Cookie syntax", raw: ';;=;  =x; %zz=%ED%A0%80; a="b; ===' },
];

export const HOSTILE_HEADERS: { label: string; headers: Record<string, string> }[] = [
  { label: "x-forwarded-for: 1.2.3.4, garbage", headers: { "x-forwarded-for": "1.2.3.4, garbage" } },
  { label: "x-forwarded-for: 500 chars", headers: { "x-forwarded-for": "not-an-ip, ".repeat(45) } },
  { label: "x-real-ip: garbage", headers: { "x-real-ip": "garbage" } },
  { label: "x-request-id: 500 chars", headers: { "x-request-id": "r".repeat(500) } },
  { label: "x-forwarded-host: evil.example", headers: { "x-forwarded-host": "evil.example" } },
  { label: "x-forwarded-proto: garbage", headers: { "x-forwarded-proto": "garbage" } },
  { label: "host: evil.example:99999", headers: { host: "evil.example:99999" } },
  { label: "user-agent: 4 kB", headers: { "user-agent": kb(4, "U") } },
  { label: "rsc: 1 with a garbage router state", headers: { rsc: "1", "next-router-state-tree": "garbage%zz" } },
  { label: "accept: application/json", headers: { accept: "application/json" } },
];

const form = (fields: string) => ({ body: Buffer.from(fields), contentType: "application/x-www-form-urlencoded" });
const json = (text: string) => ({ body: Buffer.from(text), contentType: "application/json" });
// Credential fuzzing uses an address no account has: a wrong password for a demo account would lock it.
const UNKNOWN_EMAIL = "nobody@fuzz.invalid";
const credentials = (extra: string) => `csrfToken=garbage&email=${enc(UNKNOWN_EMAIL)}&password=x&${extra}`;

export const HOSTILE_CALLBACK_URLS: Hostile[] = HOSTILE_QUERY_VALUES.filter((v) =>
  ["-1", "abc", "a space", "http://", "//evil.example", "javascript:alert(1)"].includes(v.label),
);

export const HOSTILE_BODIES: { label: string; body?: Buffer; contentType?: string; headers?: Record<string, string> }[] = [
  { label: "no body" },
  { label: "form, empty", ...form("") },
  { label: "form, junk and duplicate keys", ...form("a=1&a=2&__proto__[x]=1&constructor[prototype][x]=1&%zz=%ED%A0%80") },
  ...HOSTILE_CALLBACK_URLS.map((v) => ({
    label: `form credentials (unknown email), callbackUrl=${v.label}`,
    ...form(credentials(`callbackUrl=${v.raw}`)),
  })),
  { label: "form credentials, email and password as arrays", ...form(credentials("email=a&password=b")) },
  {
    label: "form credentials, hostile email",
    ...form(`csrfToken=garbage&email=${enc("' OR 1=1 --")}${kb(10, "e")}&password=${kb(10, "p")}`),
  },
  { label: "json {}", ...json("{}") },
  { label: "json malformed {", ...json("{") },
  { label: "json null", ...json("null") },
  { label: "json nested 10,000 deep", ...json(`${"[".repeat(10_000)}${"]".repeat(10_000)}`) },
  {
    label: "json __proto__ and a hostile callbackUrl",
    ...json(
      JSON.stringify({ email: UNKNOWN_EMAIL, password: "x", csrfToken: "garbage", callbackUrl: "-1" }).replace(
        /^\{/,
        '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},',
      ),
    ),
  },
  { label: "text/plain with JSON", body: Buffer.from('{"a":1}'), contentType: "text/plain" },
  { label: "json content-type with a form body", body: Buffer.from("a=1&b=2"), contentType: "application/json" },
  { label: "form content-type with a JSON body", body: Buffer.from('{"a":1}'), contentType: "application/x-www-form-urlencoded" },
  { label: "multipart without a boundary", body: Buffer.from("--x\r\n\r\n"), contentType: "multipart/form-data" },
  {
    label: "multipart cut short",
    body: Buffer.from('--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xy'),
    contentType: "multipart/form-data; boundary=xyz",
  },
  { label: "form, 1 MB", ...form(`a=${kb(1024)}`) },
  { label: "json, 1 MB", ...json(JSON.stringify({ a: kb(1024) })) },
  // Next dispatches a POST with this header to a server action: an unknown or malformed id must not 5xx.
  { label: "next-action: unknown id", ...form("a=1"), headers: { "next-action": "7f".repeat(21) } },
  { label: "next-action: garbage", ...form("a=1"), headers: { "next-action": "garbage%zz" } },
];

export interface PlainValues {
  /** By parameter name: values that reach the route's real code (a real record id, a handler's sub-path). */
  byName: Record<string, string[]>;
}

const DEFAULT_PLAIN: Record<Exclude<Segment["kind"], "static">, string[]> = {
  dynamic: ["1"],
  "catch-all": ["a", "a/b"],
  "optional-catch-all": ["", "a"],
};

function plainValuesFor(segment: Exclude<Segment, { kind: "static" }>, plain: PlainValues): string[] {
  const values = plain.byName[segment.name] ?? DEFAULT_PLAIN[segment.kind];
  return segment.kind === "optional-catch-all" && !values.includes("") ? ["", ...values] : values;
}

function join(parts: string[]): string {
  const path = parts.filter((p) => p !== "").join("/");
  return `/${path}`;
}

/** Every URL of a route with plain values in its dynamic segments (the cartesian product, capped). */
export function plainPaths(route: Route, plain: PlainValues, cap = 16): string[] {
  let paths: string[][] = [[]];
  for (const segment of route.segments) {
    const options = segment.kind === "static" ? [segment.value] : plainValuesFor(segment, plain);
    paths = paths.flatMap((p) => options.map((o) => [...p, o])).slice(0, cap);
  }
  return paths.map(join);
}

/**
 * The route's URLs with one dynamic segment hostile, the others plain. Each is sent with GET and POST, and a route
 * handler's with one more method in turn (the plain sweep already sends every method to every plain URL).
 */
function hostileSegmentCases(route: Route, plain: PlainValues): FuzzCase[] {
  const out: FuzzCase[] = [];
  const others = route.kind === "handler" ? HANDLER_METHODS.filter((m) => m !== "GET" && m !== "POST") : [];
  let turn = 0;
  const add = (path: string, variant: string, methods: string[]) => {
    for (const method of methods) out.push({ route: route.pattern, method, path, variant });
  };
  route.segments.forEach((segment, i) => {
    if (segment.kind === "static") return;
    const fill = (value: string) =>
      join(
        route.segments.map((s, j) => {
          if (j === i) return value;
          return s.kind === "static" ? s.value : (plainValuesFor(s, plain).find((v) => v !== "") ?? "a");
        }),
      );
    for (const h of HOSTILE_SEGMENTS) {
      add(fill(h.raw), `segment ${h.label}`, others.length ? ["GET", "POST", others[turn++ % others.length]!] : ["GET", "POST"]);
    }
    if (segment.kind === "dynamic") return;
    // In a catch-all the sub-path selects the handler's branch: try the hostile value as the last part too.
    const prefixes = new Set(
      plainValuesFor(segment, plain)
        .filter((v) => v.includes("/"))
        .map((v) => v.slice(0, v.lastIndexOf("/"))),
    );
    for (const prefix of prefixes) {
      for (const h of HOSTILE_SEGMENTS) add(fill(`${prefix}/${h.raw}`), `segment ${prefix}/${h.label}`, [turn++ % 2 ? "POST" : "GET"]);
    }
  });
  return out;
}

function paramNames(route: Route): Set<string> {
  return new Set(route.segments.flatMap((s) => (s.kind === "static" ? [] : [s.name])));
}

/** Keys the route reads get every value; the fixed keys it does not read get the short list. */
function queryVariants(route: Route): { query: string; variant: string }[] {
  const params = paramNames(route);
  const readKeys = route.queryKeys.filter((k) => !params.has(k));
  const keys = [...new Set([...readKeys, ...BASE_QUERY_KEYS])];
  const out: { query: string; variant: string }[] = [];
  for (const key of keys) {
    const full = route.kind === "page" && (readKeys.includes(key) || key === "callbackUrl");
    const values = (full ? HOSTILE_QUERY_VALUES : HOSTILE_QUERY_VALUES.filter((v) => SHORT_QUERY_LABELS.has(v.label))).filter(
      (v) => !v.urlish || URL_KEY.test(key),
    );
    const benign = readKeys
      .filter((k) => k !== key && BENIGN_QUERY[k] !== undefined)
      .map((k) => `${k}=${enc(BENIGN_QUERY[k]!)}&`)
      .join("");
    for (const v of values) out.push({ query: `${benign}${key}=${v.raw}`, variant: `query ${key}=${v.label}` });
    out.push({ query: `${benign}${key}=1&${key}=2`, variant: `query ${key} twice (array)` });
  }
  out.push({ query: "__proto__[polluted]=1&constructor[prototype][polluted]=1&__proto__=x", variant: "query __proto__ keys" });
  out.push({ query: Array.from({ length: 1000 }, (_, i) => `p${i}=${i}`).join("&"), variant: "query 1,000 parameters" });
  return out;
}

export interface FuzzPlan {
  /** Sent as every role: each route with each method, nothing hostile but the method. */
  everyRole: FuzzCase[];
  /** Sent signed out and as one signed-in role (rotating among those the route admits). */
  rotated: FuzzCase[];
}

export function planFuzz(routes: Route[], plain: PlainValues): FuzzPlan {
  const everyRole: FuzzCase[] = [];
  const rotated: FuzzCase[] = [];
  for (const route of routes) {
    const methods = route.kind === "page" ? PAGE_METHODS : HANDLER_METHODS;
    const paths = plainPaths(route, plain);
    for (const path of paths) {
      for (const method of methods) everyRole.push({ route: route.pattern, method, path, variant: "plain" });
    }
    rotated.push(...hostileSegmentCases(route, plain));
    // Each variant goes to one of the route's plain paths in turn, so a catch-all with many sub-paths costs
    // no more than a plain route; the method sweep above already sends every sub-path every method.
    let turn = 0;
    const nextPath = () => paths[turn++ % paths.length]!;
    const base = { route: route.pattern };
    for (const { query, variant } of queryVariants(route)) rotated.push({ ...base, method: "GET", path: `${nextPath()}?${query}`, variant });
    for (const c of HOSTILE_COOKIES) {
      const cookie = { variant: `cookie ${c.label}`, cookies: c.cookies, rawCookie: c.raw };
      rotated.push({ ...base, method: "GET", path: nextPath(), ...cookie });
      if (route.kind === "handler") rotated.push({ ...base, method: "POST", path: nextPath(), ...cookie });
    }
    for (const h of HOSTILE_HEADERS) rotated.push({ ...base, method: "GET", path: nextPath(), variant: `header ${h.label}`, headers: h.headers });
    for (const b of HOSTILE_BODIES) {
      rotated.push({
        ...base,
        method: "POST",
        path: nextPath(),
        variant: `body ${b.label}`,
        body: b.body,
        contentType: b.contentType,
        headers: b.headers,
      });
    }
    if (route.kind !== "handler") continue;
    // A valid CSRF token takes credentials past next-auth's check to the callbackUrl handling and authorize();
    // every sub-path gets these, as only some of them (e.g. a callback) read credentials.
    for (const path of paths) {
      for (const v of HOSTILE_CALLBACK_URLS) {
        rotated.push({
          ...base,
          method: "POST",
          path,
          variant: `body form credentials with a valid CSRF token (unknown email), callbackUrl=${v.label}`,
          body: Buffer.from(`email=${enc(UNKNOWN_EMAIL)}&password=x&callbackUrl=${v.raw}`),
          contentType: "application/x-www-form-urlencoded",
          withCsrf: true,
        });
      }
    }
  }
  return { everyRole, rotated };
}
