// "PII access logged", external part: another system's reported count against the events Warden ingested from
// tokens of that name in the window (issue 10, decision 036).
import { describe, expect, it } from "vitest";
import { accessEvent, issueToken } from "@/lib/api/test-helpers";
import { ingestAccessEvents } from "@/lib/ingest/ingest-access-events";
import { testMeta } from "@/lib/test/fixtures";
import { insertObservations } from "@/lib/sla/ingest/insert-observations";
import { PII_LOGGED_KEY, REPORT_GRACE_MS, reportedLoggedObservations } from "./pii-logged";

describe("reportedLoggedObservations", () => {
  it("compares a report with the events ingested from that token in its window; other tokens' events do not count", async () => {
    const { token } = await issueToken(["events:write"]);
    const { token: other } = await issueToken(["events:write"]);
    const start = new Date(Date.now() - 1_000);
    const source = (t: { id: string; name: string }) => ({ tokenId: t.id, tokenName: t.name, meta: testMeta() });
    const mine = await ingestAccessEvents(source(token), [accessEvent(), accessEvent(), accessEvent()]);
    expect(mine.accepted).toBe(3);
    await ingestAccessEvents(source(other), [accessEvent()]);
    const end = new Date(Date.now() + 1_000);

    const report = (id: string, reported: number) => ({
      slaKey: PII_LOGGED_KEY,
      itemId: id,
      kind: "access_report" as const,
      subject: token.name,
      observedAt: end,
      windowStart: start,
      value: reported,
      good: 0,
      total: 0,
      detail: { reported, system: "warehouse_gateway" },
    });
    await insertObservations([report(`r-${token.id}-short`, 5), report(`r-${token.id}-exact`, 3)], { source: `api:${token.id}` });

    // Not judged before the grace has passed: an event sent at the edge may still be on its way.
    expect((await reportedLoggedObservations(start, new Date(end.getTime() + 1_000))).filter((o) => o.subject === `external:${token.name}`)).toEqual(
      [],
    );
    const obs = (await reportedLoggedObservations(new Date(start.getTime() - 60_000), new Date(end.getTime() + REPORT_GRACE_MS + 1_000)))
      .filter((o) => o.subject === `external:${token.name}`)
      .sort((a, b) => a.itemId.localeCompare(b.itemId));
    expect(obs.map((o) => [o.itemId, o.good, o.total, o.value, o.kind])).toEqual([
      [`report:${PII_LOGGED_KEY}:r-${token.id}-exact`, 3, 3, 0, "pii_logged"],
      [`report:${PII_LOGGED_KEY}:r-${token.id}-short`, 3, 5, 2, "pii_logged"],
    ]);
  });
});
