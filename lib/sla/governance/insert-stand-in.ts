// STAND-IN (issue 10, governance slice) for `insertObservations` in lib/sla/ingest/insert-observations.ts, which the
// ingest slice writes in parallel. Same signature; it writes sla_observations directly on the raw driver (multi-row
// INSERT … ON CONFLICT DO NOTHING), idempotent on (sla_key, item_id), and does NOT update rollups (applyToRollups
// is the math slice's) nor detect a conflicting reuse of an item id. The lead swaps every import of this file for
// the real one at merge and deletes it.
import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/core/canonical-json";
import { now } from "@/lib/core/clock";
import { dbTarget } from "@/lib/db/client";
import { pgPool, sqliteHandle } from "@/lib/db/raw";
import type { StoredObservation } from "@/lib/sla/types";

export type NewObservation = StoredObservation & { itemId: string };

const ROWS = 400;
const COLS = "sla_key, item_id, kind, subject, observed_at, window_start, value, good, total, detail, item_hash, source, received_at";
const sqliteTime = (d: Date) => d.toISOString().replace("Z", "+00:00");

export async function insertObservations(items: NewObservation[], opts: { source: string }): Promise<{ inserted: number; duplicates: number }> {
  const target = dbTarget();
  const receivedAt = now();
  let inserted = 0;
  const row = (o: NewObservation, time: (d: Date) => unknown) => [
    o.slaKey,
    o.itemId,
    o.kind,
    o.subject,
    time(o.observedAt),
    o.windowStart ? time(o.windowStart) : null,
    o.value,
    o.good,
    o.total,
    o.detail ? canonicalJson(o.detail) : null,
    createHash("sha256")
      .update(
        canonicalJson([
          o.slaKey,
          o.itemId,
          o.kind,
          o.subject,
          o.observedAt.toISOString(),
          o.windowStart?.toISOString() ?? null,
          o.value,
          o.good,
          o.total,
          o.detail,
        ]),
      )
      .digest("hex"),
    opts.source,
    time(receivedAt),
  ];
  if (target.dialect === "sqlite") {
    const db = sqliteHandle(target.path);
    const one = `(${new Array(13).fill("?").join(", ")})`;
    const many = db.prepare(
      `INSERT INTO sla_observations (${COLS}) VALUES ${new Array(ROWS).fill(one).join(", ")} ON CONFLICT (sla_key, item_id) DO NOTHING`,
    );
    const single = db.prepare(`INSERT INTO sla_observations (${COLS}) VALUES ${one} ON CONFLICT (sla_key, item_id) DO NOTHING`);
    for (let i = 0; i < items.length; i += 5_000) {
      const slice = items.slice(i, i + 5_000);
      inserted += db.transaction(() => {
        let n = 0;
        let j = 0;
        for (; j + ROWS <= slice.length; j += ROWS) n += many.run(...slice.slice(j, j + ROWS).flatMap((o) => row(o, sqliteTime))).changes;
        for (; j < slice.length; j++) n += single.run(...row(slice[j], sqliteTime)).changes;
        return n;
      })();
      // Let the event loop breathe between slices of a long batch.
      await new Promise((r) => setImmediate(r));
    }
  } else {
    const pool = pgPool(target.url);
    for (let i = 0; i < items.length; i += ROWS) {
      const rows = items.slice(i, i + ROWS).map((o) => row(o, (d) => d));
      const params = rows.flat();
      const values = rows.map((_, r) => `(${Array.from({ length: 13 }, (_, c) => `$${r * 13 + c + 1}`).join(", ")})`).join(", ");
      const res = await pool.query(`INSERT INTO sla_observations (${COLS}) VALUES ${values} ON CONFLICT (sla_key, item_id) DO NOTHING`, params);
      inserted += res.rowCount ?? 0;
    }
  }
  return { inserted, duplicates: items.length - inserted };
}
