// The exports a leak may have come from: every export whose file was written (ready, or since expired and deleted:
// a copy may outlive the file), optionally only of some datasets. Their keys are derived again on demand.
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { datasetRefOf, fileColumnsOf } from "../fingerprint";
import { ZExportColumnPlan, type ExportColumnPlan } from "../types";
import type { TraceCandidate } from "./attribute";

export const TRACEABLE_STATUSES = ["ready", "expired"] as const;

export interface TraceCandidateInfo extends TraceCandidate {
  status: string;
  recipient: string;
  purpose: string;
  readyAt: Date | null;
  plan: ExportColumnPlan[];
}

const ZPlan = z.array(ZExportColumnPlan);

export async function findTraceCandidates(datasets: readonly string[] = []): Promise<TraceCandidateInfo[]> {
  const refs = datasets.map((d) => {
    const at = d.lastIndexOf("@");
    return { datasetKey: d.slice(0, at), datasetVersion: Number(d.slice(at + 1)) };
  });
  const rows = await getDb().export.findMany({
    where: { status: { in: [...TRACEABLE_STATUSES] }, ...(refs.length > 0 ? { OR: refs } : {}) },
    select: {
      id: true,
      datasetKey: true,
      datasetVersion: true,
      columns: true,
      status: true,
      purpose: true,
      readyAt: true,
      requester: { select: { email: true } },
    },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => {
    const plan = ZPlan.parse(JSON.parse(r.columns));
    return {
      id: r.id,
      datasetRef: datasetRefOf(r),
      fileColumns: fileColumnsOf(plan),
      plan,
      status: r.status,
      recipient: r.requester.email,
      purpose: r.purpose,
      readyAt: r.readyAt,
    };
  });
}
