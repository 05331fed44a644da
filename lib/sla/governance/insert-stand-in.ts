// STAND-IN (issue 10, governance slice) for `insertObservations` in lib/sla/ingest/insert-observations.ts, which the
// ingest slice writes in parallel. Same signature; it writes sla_observations directly, idempotent on
// (sla_key, item_id), and does NOT update rollups (applyToRollups is the math slice's). The lead swaps every import of
// this file for the real one at merge and deletes it.
import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/core/canonical-json";
import { now } from "@/lib/core/clock";
import { getDb } from "@/lib/db/client";
import type { StoredObservation } from "@/lib/sla/types";

export type NewObservation = StoredObservation & { itemId: string };

const CHUNK = 500;

export async function insertObservations(items: NewObservation[], opts: { source: string }): Promise<{ inserted: number; duplicates: number }> {
  const db = getDb();
  let inserted = 0;
  let duplicates = 0;
  const receivedAt = now();
  for (let i = 0; i < items.length; i += CHUNK) {
    const chunk = items.slice(i, i + CHUNK);
    const byKey = new Map<string, string[]>();
    for (const o of chunk) byKey.set(o.slaKey, [...(byKey.get(o.slaKey) ?? []), o.itemId]);
    const known = new Set<string>();
    for (const [slaKey, ids] of byKey) {
      const rows = await db.slaObservation.findMany({ where: { slaKey, itemId: { in: ids } }, select: { itemId: true } });
      for (const r of rows) known.add(`${slaKey}\u0000${r.itemId}`);
    }
    const seen = new Set<string>();
    const fresh = chunk.filter((o) => {
      const k = `${o.slaKey}\u0000${o.itemId}`;
      if (known.has(k) || seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    duplicates += chunk.length - fresh.length;
    if (fresh.length === 0) continue;
    await db.slaObservation.createMany({
      data: fresh.map((o) => {
        const detail = o.detail ? canonicalJson(o.detail) : null;
        const itemHash = createHash("sha256")
          .update(canonicalJson({ ...o, observedAt: o.observedAt.toISOString(), windowStart: o.windowStart?.toISOString() ?? null }))
          .digest("hex");
        return {
          slaKey: o.slaKey,
          itemId: o.itemId,
          kind: o.kind,
          subject: o.subject,
          observedAt: o.observedAt,
          windowStart: o.windowStart,
          value: o.value,
          good: o.good,
          total: o.total,
          detail,
          itemHash,
          source: opts.source,
          receivedAt,
        };
      }),
    });
    inserted += fresh.length;
  }
  return { inserted, duplicates };
}
