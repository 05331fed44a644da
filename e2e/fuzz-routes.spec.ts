// Route fuzz: every page and route handler found in app/, signed out and as each demo role, with hostile
// methods, path segments, query strings, cookies, headers and bodies. No answer may be a 5xx or carry a stack trace.
// It runs after every other spec (its own Playwright project, listed last): it floods the ledger and sends
// failed sign-ins from this IP, which must not disturb them.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request, test, type APIRequestContext, type TestInfo } from "@playwright/test";
import { DEMO, demoPassword, somePerson } from "./fixtures";
import { discoverRoutes, type Route } from "./fuzz/discover-routes";
import { planFuzz, plainPaths, type FuzzCase } from "./fuzz/hostile-inputs";
import { RawClient } from "./fuzz/raw-client";

const CONCURRENCY = 8;
const REQUEST_TIMEOUT_MS = 30_000;

const SIGNED_OUT = "signed out";
const ACCOUNTS = { analyst: DEMO.analyst, auditor: DEMO.auditor, "privacy admin": DEMO.privacy } as const;
type SignedInRole = keyof typeof ACCOUNTS;
type Role = typeof SIGNED_OUT | SignedInRole;
const SIGNED_IN_ROLES = Object.keys(ACCOUNTS) as SignedInRole[];

// A Node stack frame, a bundler path, a source position, or an error class name that only a crash would print.
const STACK_TRACE = [
  /\n\s+at /,
  /node_modules\//,
  /webpack-internal/,
  /\.tsx?:\d+:\d+/,
  /\b(?:TypeError|RangeError|ReferenceError|SyntaxError): /,
  /SqliteError/,
  /PrismaClient/,
];

// Values of dynamic segments that reach a route's real code. A parameter not listed gets a generic value.
function plainValues() {
  return {
    byName: {
      personId: [somePerson().id],
      // next-auth's sub-paths under /api/auth/[...nextauth]; a catch-all of another library would name its own.
      nextauth: ["signin", "signout", "session", "csrf", "providers", "error", "_log", "callback/credentials", "signin/credentials"],
      unmatched: ["no-such-page"],
    },
  };
}

// Not a route in app/, but every unmatched URL lands in Next's not-found handling: fuzz it like a page.
const UNMATCHED: Route = { pattern: "(no route)/[unmatched]", kind: "page", segments: [{ kind: "dynamic", name: "unmatched" }], queryKeys: [] };

// A state-changing request to a sign-out or revoke path may end the very session the rest of the run relies on:
// those go last, after the sessions have been checked.
const SESSION_ENDING_PATH = /sign-?out|log-?out|revoke/i;
const endsSession = ({ c, role }: { c: FuzzCase; role: Role }) =>
  role !== SIGNED_OUT && !["GET", "HEAD", "OPTIONS"].includes(c.method) && SESSION_ENDING_PATH.test(c.path.split("?")[0]!);

interface Outcome {
  role: Role;
  method: string;
  path: string;
  route: string;
  variant: string;
  status: number;
  snippet: string;
  problem: "5xx" | "stack trace" | "no answer" | null;
  stackPattern?: string;
  ms: number;
}

interface Session {
  cookies: Record<string, string>;
}

test("route discovery maps app/ folders to URLs the way Next does", () => {
  const app = fs.mkdtempSync(path.join(os.tmpdir(), "warden-fuzz-app-"));
  const file = (rel: string, text = "") => {
    fs.mkdirSync(path.dirname(path.join(app, rel)), { recursive: true });
    fs.writeFileSync(path.join(app, rel), text);
  };
  try {
    file("page.tsx");
    file("(console)/reports/page.tsx", "const sp = await searchParams; firstParam(sp.status); url.searchParams.get('from');");
    file("(console)/reports/[reportId]/page.tsx", "const { reportId } = await params;");
    file("(console)/reports/[reportId]/chart.tsx");
    file("api/files/[...path]/route.ts");
    file("docs/[[...slug]]/page.mdx");
    file("@modal/inbox/page.tsx");
    file("(.)photo/page.tsx");
    file("_components/page.tsx");
    file("(console)/reports/page.test.ts");
    const routes = discoverRoutes(app);
    expect(routes.map((r) => `${r.kind} ${r.pattern}`)).toEqual([
      "page /",
      "handler /api/files/[...path]",
      "page /docs/[[...slug]]",
      "page /inbox",
      "page /reports",
      "page /reports/[reportId]",
    ]);
    expect(routes.find((r) => r.pattern === "/reports")?.queryKeys).toEqual(["from", "status"]);
    const files = routes.find((r) => r.kind === "handler")!;
    expect(plainPaths(files, { byName: {} })).toEqual(["/api/files/a", "/api/files/a/b"]);
    const plan = planFuzz(routes, { byName: { reportId: ["rep_1"] } });
    expect(plan.everyRole.filter((c) => c.route === "/api/files/[...path]").map((c) => c.method)).toEqual(
      expect.arrayContaining(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]),
    );
    expect(plan.rotated.some((c) => c.path === "/reports/%zz")).toBe(true);
    expect(plan.rotated.some((c) => c.path.startsWith("/reports?") && c.variant === "query status=%zz")).toBe(true);
  } finally {
    fs.rmSync(app, { recursive: true, force: true });
  }
});

test("hostile requests to every route never answer 5xx or show a stack trace", async ({}, testInfo) => {
  // scripts/test.sh runs it beside the journeys at a lower priority (decision 038): on a busy machine it gets what the
  // journeys leave, and took 6.7 minutes under a load of 10 on two cores. A timeout is no assertion.
  test.setTimeout(15 * 60_000);
  const baseURL = testInfo.project.use.baseURL;
  if (!baseURL) throw new Error("The fuzz needs use.baseURL in playwright.config.ts");

  const appDir = path.resolve(testInfo.config.rootDir, "..", "app");
  const routes = discoverRoutes(appDir);
  expect(routes.length, `no page.tsx or route.ts found under ${appDir}`).toBeGreaterThan(0);
  const plan = planFuzz([...routes, UNMATCHED], plainValues());

  const sessions = new Map<Role, Session>([[SIGNED_OUT, { cookies: {} }]]);
  for (const role of SIGNED_IN_ROLES) sessions.set(role, { cookies: await signIn(baseURL, ACCOUNTS[role]) });
  const anonCsrf = await anonymousCsrf(baseURL);

  const api = await request.newContext({ baseURL });
  const raw = new RawClient(baseURL, CONCURRENCY);
  const outcomes: Outcome[] = [];
  const started = Date.now();
  try {
    // Phase 1: every route, every method, every role. Its GETs also say which roles each route admits.
    const phase1 = plan.everyRole.flatMap((c) => [SIGNED_OUT, ...SIGNED_IN_ROLES].map((role) => ({ c, role: role as Role })));
    outcomes.push(
      ...(await runAll(
        raw,
        phase1.filter((j) => !endsSession(j)),
        sessions,
        anonCsrf,
      )),
    );
    const admitted = new Map<string, Role[]>();
    for (const o of outcomes) {
      if (o.method !== "GET" || o.status < 200 || o.status >= 300) continue;
      const roles = admitted.get(o.route) ?? [];
      if (!roles.includes(o.role)) admitted.set(o.route, [...roles, o.role]);
    }

    // Phase 2: each hostile case signed out, and as one signed-in role, taking turns among the roles the route
    // admits, so hostile input reaches the code behind the permission check. A role the route refuses stops at
    // that check whatever the query or body: it gets every third query and body case, enough to show the refusal
    // itself survives them.
    const turns = new Map<string, number>();
    const turn = (key: string) => {
      const t = turns.get(key) ?? 0;
      turns.set(key, t + 1);
      return t;
    };
    const sampled = (c: FuzzCase, key: string) => !/^(query|body) /.test(c.variant) || turn(`sample ${key} ${c.route}`) % 3 === 0;
    const phase2 = plan.rotated.flatMap((c) => {
      const routeAdmits = admitted.get(c.route) ?? [];
      const out: { c: FuzzCase; role: Role }[] = [];
      if (c.withCsrf || routeAdmits.includes(SIGNED_OUT) || sampled(c, SIGNED_OUT)) out.push({ c, role: SIGNED_OUT });
      if (c.withCsrf) return out;
      const admittedSignedIn = SIGNED_IN_ROLES.filter((r) => routeAdmits.includes(r));
      if (admittedSignedIn.length) out.push({ c, role: admittedSignedIn[turn(c.route) % admittedSignedIn.length]! });
      else if (sampled(c, "signed in")) out.push({ c, role: SIGNED_IN_ROLES[turn(c.route) % SIGNED_IN_ROLES.length]! });
      return out;
    });
    outcomes.push(
      ...(await runAll(
        raw,
        phase2.filter((j) => !endsSession(j)),
        sessions,
        anonCsrf,
      )),
    );

    // The run must not have signed its own roles out, or their later requests were fuzzing a signed-out client.
    for (const role of SIGNED_IN_ROLES) {
      const email = await sessionEmail(api, sessions.get(role)!.cookies);
      const why = `after the fuzz, the ${role}'s session no longer names ${ACCOUNTS[role]}, so part of the run was signed out: a request to a path that SESSION_ENDING_PATH does not match ended it`;
      expect.soft(email, why).toBe(ACCOUNTS[role]);
    }
    outcomes.push(...(await runAll(raw, [...phase1, ...phase2].filter(endsSession), sessions, anonCsrf)));
  } finally {
    await api.dispose();
    raw.close();
  }

  await report(testInfo, routes, outcomes, Date.now() - started);
});

// The fuzz's flood (refusals, failed sign-ins, rate-limit entries) must leave a ledger that still verifies. The ledger
// project checks this after every run in one server; scripts/test.sh gives the fuzz a server and data of its own
// (decision 038), so it checks its own here. DATABASE_URL is the database of the server this run started.
test("the ledger the fuzz flooded still verifies", () => {
  const out = execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/warden.ts", "ledger", "verify"], {
    env: process.env,
    encoding: "utf8",
  });
  expect(out).toMatch(/^ledger ok: \d+ entries verified/m);
});

async function runAll(raw: RawClient, jobs: { c: FuzzCase; role: Role }[], sessions: Map<Role, Session>, anonCsrf: AnonCsrf): Promise<Outcome[]> {
  const out: Outcome[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      const { c, role } = jobs[i]!;
      out[i] = await send(raw, c, role, sessions.get(role)!, anonCsrf);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return out;
}

const FUZZ_CLIENT_ADDRESS = "192.0.2.250";

async function send(raw: RawClient, c: FuzzCase, role: Role, session: Session, anonCsrf: AnonCsrf): Promise<Outcome> {
  const cookies = { ...session.cookies, ...(c.withCsrf ? anonCsrf.cookies : {}), ...(c.cookies ?? {}) };
  const cookieHeader = [...Object.entries(cookies).map(([k, v]) => `${k}=${v}`), ...(c.rawCookie ? [c.rawCookie] : [])].join("; ");
  let body = c.body;
  if (c.withCsrf && body) body = Buffer.concat([Buffer.from(`csrfToken=${encodeURIComponent(anonCsrf.token)}&`), body]);
  const headers: Record<string, string> = {
    // The role's session and the case's cookies, nothing else: no cookie jar carries Set-Cookie answers between requests.
    cookie: cookieHeader,
    // An address of its own (the e2e server trusts loopback as a proxy): its failed sign-ins lock out only itself.
    "x-forwarded-for": FUZZ_CLIENT_ADDRESS,
    ...(c.contentType ? { "content-type": c.contentType } : {}),
    ...(c.headers ?? {}),
  };
  const started = Date.now();
  const base = { role, method: c.method, path: c.path, route: c.route, variant: c.variant };
  try {
    const { status, text } = await raw.send({ method: c.method, path: c.path, headers, body, timeoutMs: REQUEST_TIMEOUT_MS });
    const stack = STACK_TRACE.find((p) => p.test(text));
    const problem = status >= 500 ? "5xx" : stack ? "stack trace" : null;
    return { ...base, status, snippet: snippetOf(text), problem, stackPattern: stack?.source, ms: Date.now() - started };
  } catch (err) {
    return {
      ...base,
      status: 0,
      snippet: String(err instanceof Error ? err.message : err).slice(0, 200),
      problem: "no answer",
      ms: Date.now() - started,
    };
  }
}

/** The first 200 characters a person would read: markup, scripts and styles dropped, whitespace collapsed. */
function snippetOf(text: string): string {
  const readable = text
    .replace(/<(head|script|style)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!readable && text.includes('id="__next_error__"')) return "(Next's bare error page, no text)";
  return (readable || text).slice(0, 200);
}

async function signIn(baseURL: string, email: string): Promise<Record<string, string>> {
  const ctx = await request.newContext({ baseURL });
  try {
    const csrf = await ctx.get("/api/auth/csrf");
    const csrfToken = csrf.ok() ? ((await csrf.json()) as { csrfToken?: string }).csrfToken : undefined;
    if (!csrfToken) throw new Error(`Could not sign in as ${email}: GET /api/auth/csrf answered ${csrf.status()}`);
    const res = await ctx.post("/api/auth/callback/credentials", {
      form: { csrfToken, email, password: demoPassword(), callbackUrl: `${baseURL}/`, json: "true" },
      maxRedirects: 0,
      failOnStatusCode: false,
    });
    const cookies = Object.fromEntries((await ctx.storageState()).cookies.map((c) => [c.name, c.value]));
    const named = await sessionEmail(ctx, cookies);
    if (named !== email) {
      throw new Error(
        `Could not sign in as ${email} through POST /api/auth/callback/credentials (answered ${res.status()}: ` +
          `${snippetOf(await res.text())}); /api/auth/session names ${JSON.stringify(named)}. ` +
          "The fuzz signs in once per role: is the account locked, or sign-in rate limited for this IP?",
      );
    }
    return cookies;
  } finally {
    await ctx.dispose();
  }
}

async function sessionEmail(api: APIRequestContext, cookies: Record<string, string>): Promise<string | null> {
  const res = await api.get("/api/auth/session", {
    headers: {
      cookie: Object.entries(cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join("; "),
    },
    failOnStatusCode: false,
  });
  if (!res.ok()) return null;
  const body = (await res.json().catch(() => null)) as { user?: { email?: string } } | null;
  return body?.user?.email ?? null;
}

interface AnonCsrf {
  cookies: Record<string, string>;
  token: string;
}

async function anonymousCsrf(baseURL: string): Promise<AnonCsrf> {
  const ctx = await request.newContext({ baseURL });
  try {
    const res = await ctx.get("/api/auth/csrf");
    const token = res.ok() ? ((await res.json()) as { csrfToken?: string }).csrfToken : undefined;
    if (!token) throw new Error(`GET /api/auth/csrf answered ${res.status()} without a csrfToken`);
    return { token, cookies: Object.fromEntries((await ctx.storageState()).cookies.map((c) => [c.name, c.value])) };
  } finally {
    await ctx.dispose();
  }
}

const n = (x: number) => x.toLocaleString("en-US");

function shortPath(p: string): string {
  return p.length <= 160 ? p : `${p.slice(0, 150)}…(${n(p.length)} chars)`;
}

async function report(testInfo: TestInfo, routes: Route[], outcomes: Outcome[], ms: number): Promise<void> {
  const bad = outcomes.filter((o) => o.problem);
  const count = (p: Outcome["problem"]) => outcomes.filter((o) => o.problem === p).length;
  const byStatus: Record<string, number> = {};
  for (const o of outcomes) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;

  // One line per (method, path, variant), the query left out: what a fix has to cover. Roles vary inside a group.
  const groups = new Map<string, { problem: string; statuses: Set<number>; roles: Set<Role>; count: number; example: Outcome }>();
  for (const o of bad) {
    const key = `${o.method} ${shortPath(o.path.split("?")[0]!)} — ${o.variant}`;
    const g = groups.get(key) ?? { problem: o.problem!, statuses: new Set(), roles: new Set(), count: 0, example: o };
    g.statuses.add(o.status);
    g.roles.add(o.role);
    g.count++;
    groups.set(key, g);
  }

  const summary = {
    requests: outcomes.length,
    answered5xx: count("5xx"),
    withStackTrace: count("stack trace"),
    withoutAnswer: count("no answer"),
    seconds: Math.round(ms / 100) / 10,
    byStatus,
    byRole: Object.fromEntries([SIGNED_OUT, ...SIGNED_IN_ROLES].map((r) => [r, outcomes.filter((o) => o.role === r).length])),
    routes: routes.map((r) => ({ kind: r.kind, pattern: r.pattern, queryKeysRead: r.queryKeys })),
    groups: [...groups].map(([key, g]) => ({
      key,
      problem: g.problem,
      statuses: [...g.statuses],
      roles: [...g.roles],
      count: g.count,
      example: g.example.snippet,
    })),
    slowest: [...outcomes]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 20)
      .map((o) => `${o.ms} ms ${o.method} ${shortPath(o.path)} [${o.role}] ${o.variant}`),
    offenders: bad,
  };
  await testInfo.attach("fuzz-summary.json", { body: JSON.stringify(summary, null, 2), contentType: "application/json" });

  console.log(
    `fuzz: ${routes.length} routes found in app/: ${routes.map((r) => `${r.pattern}${r.kind === "handler" ? " (handler)" : ""}`).join(", ")}`,
  );
  console.log(
    `fuzz: ${n(summary.requests)} requests, ${n(summary.answered5xx)} answered 5xx, ${n(summary.withStackTrace)} with a stack trace` +
      (summary.withoutAnswer ? `, ${n(summary.withoutAnswer)} without an answer` : "") +
      ` (${summary.seconds} s)`,
  );

  const lines = [
    `${n(bad.length)} of ${n(outcomes.length)} fuzzed requests answered 5xx, showed a stack trace or got no answer.`,
    "",
    `${groups.size} distinct (method, path, variant) groups:`,
    ...[...groups].map(
      ([key, g]) =>
        `  ${g.problem} ${[...g.statuses].join("/")} ×${g.count}  ${key}  [${[...g.roles].join(", ")}]  «${g.example.snippet.slice(0, 100)}»`,
    ),
    "",
    "Every offending request:",
    ...bad.map(
      (o) =>
        `  ${o.status || "---"} ${o.method} ${shortPath(o.path)}  [${o.role}] ${o.variant}` +
        `${o.stackPattern ? ` (matched /${o.stackPattern}/)` : ""}  «${o.snippet}»`,
    ),
  ];
  expect(bad.length, lines.join("\n")).toBe(0);
}
