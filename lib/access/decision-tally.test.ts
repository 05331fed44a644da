// The gateway's decision tally: counts in memory, flushes by adding to the stored row, so instances each add theirs.
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { flushDecisionTally, pendingDecisionTally, tallyGatewayDecision } from "./decision-tally";

describe("tallyGatewayDecision", () => {
  it("counts per UTC hour and action, and every flush (of this or another instance) adds to the stored row", async () => {
    const hour = new Date(Date.UTC(2029, 4, 6, 13));
    const action = "tally.test_read";
    for (let i = 0; i < 3; i++) tallyGatewayDecision(action, new Date(hour.getTime() + i * 600_000));
    tallyGatewayDecision(action, new Date(hour.getTime() + 3_600_000)); // the next hour
    expect(pendingDecisionTally()).toBe(4);
    expect(await flushDecisionTally()).toBe(4);
    expect(await flushDecisionTally()).toBe(0);

    // A second instance: its own module state, the same table.
    vi.resetModules();
    const other = await import("./decision-tally");
    other.tallyGatewayDecision(action, new Date(hour.getTime() + 59 * 60_000));
    tallyGatewayDecision(action, new Date(hour.getTime() + 1_000));
    await Promise.all([other.flushDecisionTally(), flushDecisionTally()]);

    const rows = await getDb().gatewayDecisionTally.findMany({ where: { action }, orderBy: { hourStart: "asc" } });
    expect(rows.map((r) => [r.hourStart.toISOString(), r.decisions])).toEqual([
      [hour.toISOString(), 5],
      [new Date(hour.getTime() + 3_600_000).toISOString(), 1],
    ]);
  });
});
