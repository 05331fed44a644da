// `warden export trace FILE [--dataset KEY@V]... [--json]`: the leak tracer from the command line (decision 025).
// Prints the ranking of candidate exports with each channel's evidence and the false-attribution probability; the
// trace is recorded in the ledger as the operator (actor "system"). Exit 0 when an export is attributed, 1 when none.
import { randomUUID } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { AppError } from "@/lib/core/errors";
import { TRACE_MAX_BYTES, tooLargeError } from "@/lib/exports/trace/read-suspect";
import { traceLeak, type TraceReport } from "@/lib/exports/trace/trace-leak";
import { formatChance } from "@/lib/exports/trace/format-chance";
import { parseFlags, UsageError } from "./args";

const OPTIONS = { dataset: { type: "string", multiple: true }, json: { type: "boolean" } } as const;

export async function exportTrace(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
  } catch {
    parseFlags(args, OPTIONS);
    throw new UsageError("bad arguments (usage: export trace FILE [--dataset KEY@V]... [--json])");
  }
  if (parsed.positionals.length !== 1) throw new UsageError("give exactly one FILE (a CSV or XLSX file)");
  const file = parsed.positionals[0];
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new AppError("not_found", `${file} is not a readable file`);
  // Refused before reading: a 200 MB file is never loaded.
  if (info.size > TRACE_MAX_BYTES) throw tooLargeError(info.size);
  const report = await traceLeak(
    { actor: null, meta: { requestId: `cli-${randomUUID()}`, ipHash: null, uaHash: null } },
    { source: { kind: "file", bytes: await readFile(file), name: file }, datasets: parsed.values.dataset ?? [] },
  );
  if (parsed.values.json) console.log(JSON.stringify(report, null, 2));
  else printReport(file, report);
  if (report.attributed.length === 0) {
    console.error(
      `warden: no export attributed: the best candidate's false-attribution probability is ${formatChance(report.ranking[0]?.falseAttribution ?? 1)}, above ${formatChance(report.threshold)}`,
    );
    return 1;
  }
  return 0;
}

function printReport(file: string, r: TraceReport): void {
  const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
  console.log(
    `trace of ${file} (${r.kind}, ${plural(r.rows, "row")}, sha256 ${r.fileSha256}): ${plural(r.tokensFound, "token")}, ${plural(r.timestampColumns, "timestamp column")}; ${plural(r.candidates, "candidate export")}; ledger entry #${r.ledgerSeq}`,
  );
  const rows = r.ranking
    .filter((c, i) => c.attributed || i < 5)
    .map((c, i) => [
      String(i + 1),
      c.exportId,
      c.attributed ? "ATTRIBUTED" : "",
      c.recipient,
      `${c.token.matched}/${c.token.checked}`,
      `${c.mark.matched}/${c.mark.checked}${c.mark.column ? ` (${c.mark.column})` : ""}`,
      formatChance(c.falseAttribution),
    ]);
  const header = ["#", "export", "", "recipient", "tokens", "marks", "false attribution"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  for (const line of [header, ...rows])
    console.log(
      line
        .map((cell, i) => cell.padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    );
}
