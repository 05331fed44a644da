// The server as a multi-core host runs it by default (decision 045): scripts/server.ts with two worker processes,
// on the same data as the journeys' server. Every page gets its security headers from whichever worker answers, a
// worker that dies is replaced while the others keep serving, and SIGTERM to the PID a caller holds stops them all.
// (The journeys' own server runs one process: playwright.config.ts.)
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { freePort } from "../lib/test/free-port";

/** The worker processes of a primary: its children, from /proc. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A GET on a connection of its own (no keep-alive), so the primary hands successive requests to its workers in turn. */
function get(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on("error", reject);
  });
}

async function until<T>(what: string, check: () => T | Promise<T>, ms = 60_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test("two worker processes: each page carries its own nonce, a dead worker is replaced, SIGTERM stops them all", async () => {
  test.setTimeout(120_000);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let log = "";
  const server: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts", "-H", "127.0.0.1", "-p", String(port)], {
    env: { ...process.env, WARDEN_SERVER_WORKERS: "2", WARDEN_JOBS: "off", NEXTAUTH_URL: base, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  server.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  try {
    await until("the ready line", () => log.includes(`Warden ready on ${base} (2 worker processes`));
    const workers = childrenOf(server.pid!);
    expect(workers).toHaveLength(2);

    const nonces = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const res = await get(`${base}/sign-in`);
      expect(res.status).toBe(200);
      const nonce = /'nonce-([^']+)'/.exec(String(res.headers["content-security-policy"]))?.[1];
      expect(nonce).toBeTruthy();
      expect(res.body).toContain(`nonce="${nonce}"`);
      expect(res.headers["x-frame-options"]).toBe("DENY");
      nonces.add(nonce!);
    }
    expect(nonces.size).toBe(8);

    // One worker dies (an out-of-memory kill, say): the primary starts another; the server answers throughout.
    process.kill(workers[0], "SIGKILL");
    await until("the primary to see the worker gone", () => log.includes(`(pid ${workers[0]}) ended (SIGKILL); starting another`));
    expect((await get(`${base}/api/health`)).status).toBe(200); // the other worker, while the new one starts
    const replaced = await until("a replacement worker", () => {
      const now = childrenOf(server.pid!);
      return now.length === 2 && !now.includes(workers[0]) ? now : null;
    });
    for (let i = 0; i < 4; i++) expect((await get(`${base}/api/health`)).status).toBe(200);

    // SIGTERM to the PID a caller holds: the primary stops its workers and exits when they have.
    server.kill("SIGTERM");
    const code = await until(
      "the primary to exit",
      () => (server.exitCode !== null || server.signalCode !== null ? { code: server.exitCode } : null),
      15_000,
    );
    expect(code.code).toBe(0);
    for (const pid of replaced) expect(alive(pid)).toBe(false);
  } finally {
    if (server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
    for (const pid of childrenOf(server.pid!)) if (alive(pid)) process.kill(pid, "SIGKILL");
  }
});
