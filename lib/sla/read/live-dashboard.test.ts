// The screens' dashboard reuses its last figures only while nothing it depends on changed: a new observation, a new
// definition version or 30 s of clock make it compute again.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { insertObservations } from "@/lib/sla/ingest/insert-observations";
import { liveSlaDashboard } from "./dashboard";

const AT = new Date("2026-11-29T12:00:00.000Z");
afterAll(() => pinClock(null));

describe("liveSlaDashboard", () => {
  it("serves the same figures while nothing changed, and new ones after an observation or 30 s", async () => {
    pinClock(AT);
    const first = await liveSlaDashboard();
    pinClock(new Date(AT.getTime() + 10_000));
    expect(await liveSlaDashboard()).toBe(first);

    const run = randomUUID().slice(0, 8);
    await insertObservations(
      [
        {
          itemId: `live-${run}`,
          slaKey: "platform.pipeline_success",
          kind: "pipeline_run",
          subject: "orders_silver",
          observedAt: new Date(AT.getTime() - 60_000),
          windowStart: new Date(AT.getTime() - 120_000),
          value: 60,
          good: 0,
          total: 1,
          detail: { run_id: `r-${run}` },
        },
      ],
      { source: "test" },
    );
    const afterInsert = await liveSlaDashboard();
    expect(afterInsert).not.toBe(first);
    const tile = afterInsert.tiles.find((t) => t.def.key === "platform.pipeline_success")!;
    expect(Date.parse(tile.lastObservedAt!)).toBeGreaterThanOrEqual(AT.getTime() - 60_000);

    expect(await liveSlaDashboard()).toBe(afterInsert);
    pinClock(new Date(AT.getTime() + 10_000 + 31_000));
    expect(await liveSlaDashboard()).not.toBe(afterInsert);
  });
});
