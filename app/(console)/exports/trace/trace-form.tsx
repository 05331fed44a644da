"use client";
// The upload-or-paste form and the ranking it brings back. The file goes as the request body to ./run (a route
// handler, so a large upload is refused from its declared length before it is read); results render here.
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import type { TraceReport } from "@/lib/exports/trace/trace-leak";
import { formatChance } from "@/lib/exports/trace/format-chance";

interface Failure {
  message: string;
  field?: string;
}

export function TraceForm({ maxBytes, threshold }: { maxBytes: number; threshold: number }) {
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [report, setReport] = useState<TraceReport | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    const text = String(form.get("text") ?? "");
    const hasFile = file instanceof File && file.size > 0;
    setFailure(null);
    setReport(null);
    if (!hasFile && text.trim() === "") {
      setFailure({ message: "Choose a file or paste some rows.", field: "text" });
      return;
    }
    if (hasFile && file.size > maxBytes) {
      // The server refuses it too (413); this saves the upload.
      setFailure({
        message: `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB. A few dozen rows are enough to trace a leak: send an excerpt.`,
      });
      return;
    }
    setPending(true);
    try {
      const res = await fetch(`/exports/trace/run?source=${hasFile ? "file" : "text"}`, {
        method: "POST",
        headers: { "content-type": hasFile ? "application/octet-stream" : "text/plain; charset=utf-8" },
        body: hasFile ? file : text,
      });
      const body = (await res.json().catch(() => null)) as (TraceReport & { error?: Failure }) | null;
      if (!res.ok || !body || body.error) setFailure(body?.error ?? { message: `The trace failed (HTTP ${res.status}).` });
      else setReport(body);
    } catch {
      setFailure({ message: "The console could not be reached. Try again." });
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} aria-label="Trace a leaked file" className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
        <div>
          <label htmlFor="trace-file" className="block text-sm font-medium text-slate-800">
            Suspect file
          </label>
          <input
            id="trace-file"
            name="file"
            type="file"
            accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby="trace-file-hint"
            className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-slate-200"
          />
          <p id="trace-file-hint" className="mt-1 text-xs text-slate-500">
            CSV or XLSX, up to {Math.round(maxBytes / 1024 / 1024)} MB. A few dozen rows are enough.
          </p>
        </div>
        <Textarea
          label="Or paste rows"
          name="text"
          rows={6}
          className="font-mono text-xs"
          hint="Rows as copied from a spreadsheet or a text file; any delimiter, with or without a header."
          error={failure?.field === "text" ? failure.message : undefined}
        />
        <div>
          <Button type="submit" variant="primary" pending={pending}>
            Trace
          </Button>
        </div>
      </form>
      {failure && failure.field !== "text" ? (
        <Alert variant="error" title="Not traced">
          {failure.message}
        </Alert>
      ) : null}
      {report ? <TraceResult report={report} threshold={threshold} /> : null}
    </div>
  );
}

function TraceResult({ report, threshold }: { report: TraceReport; threshold: number }) {
  const attributed = report.ranking.filter((c) => c.attributed);
  const others = report.ranking.filter((c) => !c.attributed).slice(0, 5);
  return (
    <section aria-labelledby="trace-result" className="space-y-4">
      <h2 id="trace-result" className="text-base font-semibold text-slate-900">
        Result
      </h2>
      <p className="text-sm text-slate-600" role="status">
        {report.rows.toLocaleString("en-US")} rows read ({report.kind}); {report.tokensFound} tokens and {report.timestampColumns} timestamp column(s)
        checked against {report.candidates.toLocaleString("en-US")} exports · recorded as ledger entry{" "}
        <span className="font-mono tabular-nums">#{report.ledgerSeq}</span> · SHA-256{" "}
        <span className="font-mono text-xs break-all">{report.fileSha256}</span>
      </p>
      {attributed.length > 0 ? (
        <Alert variant="warning" title={attributed.length === 1 ? "Attributed to one export" : `Attributed to ${attributed.length} exports`}>
          The chance that an export which did not produce this file shows this much evidence is below {formatChance(threshold)}.
        </Alert>
      ) : (
        <Alert variant="info" title="No export attributed">
          No export&apos;s fingerprint shows up strongly enough (the best false-attribution probability is{" "}
          {formatChance(report.ranking[0]?.falseAttribution ?? 1)}; attribution needs {formatChance(threshold)} or less). A file cut to the minute or
          with its token columns removed and fewer than 6 rows may carry too little of the fingerprint.
        </Alert>
      )}
      <ol className="space-y-3" data-testid="trace-ranking">
        {[...attributed, ...others].map((c) => (
          <li key={c.exportId} className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs" data-testid="trace-candidate">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-mono text-sm text-slate-900">{c.exportId}</span>
              {c.attributed ? <Badge variant="danger">Attributed</Badge> : <Badge>Not attributed</Badge>}
              <span className="text-sm text-slate-600">
                {c.datasetRef} · {c.recipient} · {c.status}
              </span>
            </div>
            <p className="mt-1 text-sm text-slate-600">Purpose: {c.purpose}</p>
            <dl className="mt-3 grid gap-2 text-sm sm:grid-cols-3">
              <div>
                <dt className="text-slate-500">Tokens (channel a)</dt>
                <dd className="tabular-nums text-slate-900">
                  {c.token.matched} of {c.token.checked} match
                </dd>
              </div>
              <div>
                <dt className="text-slate-500">Timestamp marks (channel b)</dt>
                <dd className="tabular-nums text-slate-900">
                  {c.mark.matched} of {c.mark.checked} match{c.mark.column ? ` (${c.mark.column})` : ""}
                </dd>
              </div>
              <div>
                <dt className="text-slate-500">False-attribution probability</dt>
                <dd className="font-mono tabular-nums text-slate-900" data-testid="false-attribution">
                  {formatChance(c.falseAttribution)}
                </dd>
              </div>
            </dl>
          </li>
        ))}
      </ol>
    </section>
  );
}
