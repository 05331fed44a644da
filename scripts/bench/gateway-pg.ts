// gateway_appends_per_s_pg: person views through the gateway on PostgreSQL, beside a raw `pg` chained insert with the
// advisory lock, alternated sample by sample in one run (decision 022). The server is BENCH_PG_URL when set, else a
// throwaway one started like scripts/test.sh does (scripts/lib/pg-throwaway.sh). The measuring runs in a child
// process, since the app's settings (DATABASE_URL) are read once per process. Without PostgreSQL the figure is absent.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";

export interface PgFigure {
  value: number;
  floor: number;
  note: string;
}

export async function gatewayPgFigure(opts: {
  dir: string;
  warehouseFile: string;
  n: number;
  progress: (message: string) => void;
}): Promise<PgFigure | { absent: string }> {
  return withPgServer(opts.progress, async (url) => {
    opts.progress(`PostgreSQL: ${opts.n.toLocaleString("en-US")} person views and raw chained inserts…`);
    const out = await run(process.execPath, ["--import", "tsx", path.join(__dirname, "gateway-pg-child.ts")], {
      ...process.env,
      DATABASE_URL: url,
      WAREHOUSE_URL: `file:${opts.warehouseFile}`,
      WARDEN_DATA_DIR: path.join(opts.dir, "pg"),
      // PostgreSQL deployments must set these; a bench has nothing to keep secret.
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? randomBytes(32).toString("base64"),
      WARDEN_HASH_KEY: process.env.WARDEN_HASH_KEY ?? randomBytes(32).toString("base64"),
      BENCH_N: String(opts.n),
    });
    return JSON.parse(out.trim().split("\n").at(-1)!) as PgFigure;
  });
}

/** Runs `fn` against BENCH_PG_URL, or a throwaway server it starts and stops; `{ absent }` when there is none. */
export async function withPgServer<T>(progress: (message: string) => void, fn: (url: string) => Promise<T>): Promise<T | { absent: string }> {
  let server: ChildProcess | null = null;
  let url = process.env.BENCH_PG_URL;
  try {
    if (!url) {
      progress("starting a throwaway PostgreSQL…");
      const started = await startThrowawayPg();
      if ("absent" in started) return started;
      ({ server, url } = started);
    }
    return await fn(url);
  } finally {
    server?.stdin?.end(); // the shell stops the server and deletes its files
    if (server) await new Promise((resolve) => server!.once("exit", resolve));
  }
}

function startThrowawayPg(): Promise<{ server: ChildProcess; url: string } | { absent: string }> {
  const lib = path.join(__dirname, "..", "lib", "pg-throwaway.sh");
  const script = `source ${JSON.stringify(lib)}; pg_start >&2 || exit 3; echo "URL $DATABASE_URL"; read -r _; pg_stop`;
  const server = spawn("bash", ["-c", script], { stdio: ["pipe", "pipe", "pipe"] });
  let err = "";
  server.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => {
    let out = "";
    server.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^URL (\S+)$/m.exec(out);
      if (m) resolve({ server, url: m[1] });
    });
    server.once("exit", (code) =>
      resolve({
        absent: `no PostgreSQL server (set BENCH_PG_URL, or install PostgreSQL): pg_start exited ${code}: ${err.trim().split("\n").at(-1) ?? ""}`,
      }),
    );
  });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`the PostgreSQL bench exited ${code}`))));
  });
}
