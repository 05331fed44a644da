// The Warden web server: Next.js behind a thin Node HTTP layer that does what Next cannot do from inside:
// - resolves the client address and request id from the socket, believing X-Forwarded-For / x-request-id only
//   from TRUSTED_PROXIES (lib/http/client-address.ts), and hands them on as x-warden-client-ip / x-request-id;
// - refuses malformed percent-encoding and framing Next.js would throw on (400), and methods a page does not take
//   (405), before the router sees them (lib/http/edge.ts);
// - gives every page and route its security headers with a fresh CSP nonce, the path for sign-in redirects, and
//   drops callback values next-auth cannot parse (lib/http/page-security.ts; a Next.js proxy until decision 045);
// - applies the status a page or server action asked for (lib/http/response-status.ts: 422, 503, 429...).
// Run: `node --import tsx scripts/server.ts [-H host] [-p port]` (npm start, npm run dev, npm run demo, the e2e
// harness). `next start` and `next dev` alone serve without any of this: they are not ways to run Warden.
//
// It serves with WARDEN_SERVER_WORKERS processes (node:cluster; default one per core, at most 4; always 1 under
// NODE_ENV=development): a render is CPU on one Node thread, so one process queues concurrent renders behind each
// other, and more workers divide that queue over the cores (decision 045; 040 had measured one process as the better
// default on an oversubscribed machine with a warm-up too short for two). The primary only forks, restarts a worker that dies after it was
// serving, and on SIGTERM/SIGINT stops its workers and exits when they have: the PID a caller holds is the server.
// Nothing a request needs lives in one process alone (rate limits, sessions, jobs and caches are in the database or
// checked against it); only the first worker runs the in-process job runner, so the server polls for jobs once.
import { AsyncLocalStorage } from "node:async_hooks";
import cluster, { type Worker } from "node:cluster";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import { env } from "@/lib/core/env";
import { prepareRequest, type Refusal } from "@/lib/http/edge";
import { REQUEST_ID_HEADER } from "@/lib/http/headers";
import { securePageRequest } from "@/lib/http/page-security";
import { RESPONSE_CONTEXT, type ResponseContext } from "@/lib/http/response-status";

// Files this process creates (databases, secrets, exports) are private whatever the shell's umask.
process.umask(0o077);
// Like `next start`: production unless told otherwise (NODE_ENV=development runs Next's dev server instead).
// Set before env() is first read and before Next.js is loaded (imported below, in main).
(process.env as Record<string, string | undefined>).NODE_ENV ??= "production";

const { values: flags } = parseArgs({
  options: { hostname: { type: "string", short: "H" }, port: { type: "string", short: "p" } },
  strict: true,
});
const hostname = flags.hostname ?? env().host;
const port = flags.port ? Number(flags.port) : env().port;
const dev = env().nodeEnv === "development";

const responses = new AsyncLocalStorage<ResponseContext>();
(globalThis as Record<symbol, unknown>)[RESPONSE_CONTEXT] = responses;

const REASONS = { 204: "No Content", 400: "Bad request", 405: "Method not allowed" } as const;

function refuseRequest(res: ServerResponse, r: Refusal): void {
  res.writeHead(r.status, {
    "content-type": "text/plain; charset=utf-8",
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
    ...(r.allow ? { allow: r.allow } : {}),
  });
  res.end(r.status === 204 ? undefined : `${r.status} ${REASONS[r.status]}: ${r.message}\n`);
}

async function main() {
  const trusted = env().trustedProxies;
  const https = env().https;
  const { default: next } = await import("next");
  const app = next({ dev, hostname, port, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const { requestId, refuse } = prepareRequest(req, trusted);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (refuse) return refuseRequest(res, refuse);
    const secured = securePageRequest(req, { dev, https });
    if (secured) {
      for (const [name, value] of secured.headers) res.setHeader(name, value);
      if (secured.clearCookies.length > 0) res.appendHeader("set-cookie", secured.clearCookies);
    }

    const ctx: ResponseContext = {};
    const writeHead = res.writeHead;
    const multipartPost = req.method === "POST" && /^multipart\/form-data/i.test(req.headers["content-type"] ?? "");
    // Node writes an implicit head through this.writeHead(this.statusCode) too, so this sees every response.
    res.writeHead = function (this: ServerResponse, statusCode: number, ...rest: unknown[]) {
      if (ctx.status && statusCode === 200) {
        statusCode = ctx.status;
        if (typeof rest[0] === "string") rest.shift(); // "OK" no longer fits
      } else if (statusCode === 500 && multipartPost && !/html|x-component/.test(String(this.getHeader("content-type") ?? ""))) {
        // Next's bare 500 for a form body it could not parse (cut short, broken framing): the client's fault.
        statusCode = 400;
        if (typeof rest[0] === "string") rest.shift();
        console.warn(`[warden] ${req.method} ${req.url?.split("?")[0]}: unreadable form body answered 400`);
      }
      return (writeHead as (...a: unknown[]) => ServerResponse).call(this, statusCode, ...rest);
    } as ServerResponse["writeHead"];

    responses.run(ctx, () => {
      handle(req, res).catch((err: unknown) => {
        console.error("[warden] request failed", err);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end("500 Internal error; it has been logged.\n");
      });
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => {
    if (cluster.isWorker) return; // the primary says it once, for all workers
    console.log(readyLine(1));
  });
  const stop = () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

function readyLine(processes: number): string {
  const trusted = env().trustedProxies;
  const notes = [
    ...(processes > 1 ? [`${processes} worker processes`] : []),
    ...(trusted.length ? [`trusted proxies: ${trusted.map((c) => c.text).join(", ")}`] : []),
  ];
  return `Warden ready on http://${hostname}:${port}${notes.length ? ` (${notes.join("; ")})` : ""}`;
}

/** How many processes serve: env().serverWorkers (one per core by default); one for the development server (its own reloads). */
function workerCount(): number {
  if (dev) return 1;
  return env().serverWorkers;
}

/** The primary of several workers: forks, restarts a worker that dies once serving, stops them all on a signal. */
function primary(count: number): void {
  const jobsOn = env().jobsInProcess;
  const slotOf = new Map<Worker, number>();
  let stopping = false;
  let exitCode = 0;

  const fork = (slot: number) => {
    // One job runner per server (the first slot), as with one process; WARDEN_JOBS=off stays off everywhere.
    const w = cluster.fork({ WARDEN_JOBS: jobsOn && slot === 0 ? "on" : "off" });
    slotOf.set(w, slot);
    let serving = false;
    w.on("listening", () => {
      serving = true;
    });
    w.on("exit", (code, signal) => {
      slotOf.delete(w);
      if (stopping) {
        if (slotOf.size === 0) process.exit(exitCode);
        return;
      }
      if (serving) {
        console.error(`[warden] server worker ${slot} (pid ${w.process.pid}) ended (${signal ?? `exit ${code}`}); starting another`);
        fork(slot);
        return;
      }
      // Died before it ever listened (port taken, bad configuration): the same would happen again, so stop.
      console.error(`warden server: worker ${slot} exited before serving (${signal ?? `exit ${code}`}); stopping`);
      exitCode = 1;
      stop();
    });
  };

  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const w of slotOf.keys()) w.process.kill("SIGTERM");
    if (slotOf.size === 0) process.exit(exitCode);
    // A worker closes within 3 s (its own timer); one that hangs past that is ended.
    setTimeout(() => {
      for (const w of slotOf.keys()) w.process.kill("SIGKILL");
      process.exit(exitCode);
    }, 5_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  for (let slot = 0; slot < count; slot++) fork(slot);
  let ready = 0;
  cluster.on("listening", () => {
    if (++ready === count) console.log(readyLine(count));
  });
}

const workers = cluster.isPrimary ? workerCount() : 1;
if (cluster.isPrimary && workers > 1) {
  primary(workers);
} else {
  main().catch((err: unknown) => {
    console.error(`warden server: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
