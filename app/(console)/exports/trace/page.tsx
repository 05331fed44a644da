// Leak trace (privacy admins, export.trace): upload a suspect file or paste rows; Warden ranks the exports it may
// have come from, with each fingerprint channel's evidence and the probability of a false attribution (decision 025).
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/lib/auth/session";
import { ATTRIBUTION_THRESHOLD } from "@/lib/exports/trace/attribute";
import { TRACE_MAX_BYTES } from "@/lib/exports/trace/read-suspect";
import { TraceForm } from "./trace-form";

export const metadata: Metadata = { title: "Leak trace" };

export default async function LeakTracePage() {
  await requirePagePermission("export.trace");
  return (
    <>
      <PageHeader
        title="Leak trace"
        eyebrow="Exports"
        description="Upload a file found outside Warden (CSV or XLSX, any excerpt, columns in any order, with or without a header) or paste some of its rows. Warden checks the invisible fingerprint of every export that was ready for download and names the one it came from, with the evidence. Each trace is recorded in the access ledger."
      />
      <TraceForm maxBytes={TRACE_MAX_BYTES} threshold={ATTRIBUTION_THRESHOLD} />
    </>
  );
}
