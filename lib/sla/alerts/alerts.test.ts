// SLA alerts: one per episode, inbox in the same transaction, resolve and re-open, signed webhook after commit
// (issue 10, decision 036).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { getDb } from "@/lib/db/client";
import { verifyWebhookSignature } from "@/lib/scopes/break-glass-webhook";
import { evaluateSlas } from "@/lib/sla/evaluate";
import { insertObservations } from "@/lib/sla/ingest/insert-observations";
import type { BudgetingMethod, SlaDefinitionView, SliKind, SlaSource, SlaStatus, ThresholdUnit } from "@/lib/sla/types";
import type { SlaTileView } from "@/lib/sla/views";
import { createTestUser } from "@/lib/test/fixtures";
import { raiseSlaAlerts } from "./raise-alerts";

const KEY = "finance.reconciliation_variance";
let def: SlaDefinitionView;
let admin: { id: string };

beforeAll(async () => {
  admin = await createTestUser("privacy_admin", "sla-alerted");
  const row = await getDb().slaDefinition.findFirstOrThrow({ where: { key: KEY, current: true } });
  def = {
    ...row,
    ref: `${row.key}@${row.version}`,
    sliKind: row.sliKind as SliKind,
    budgeting: row.budgeting as BudgetingMethod,
    unit: row.unit as ThresholdUnit,
    source: row.source as SlaSource,
  };
});
beforeEach(() => getDb().slaAlert.deleteMany({}));
afterEach(() => pinClock(null));

function tile(status: SlaStatus, burn: SlaTileView["burn"] = []): SlaTileView {
  return {
    def,
    method: def.budgeting,
    status,
    statusReason: status === "breach" ? "3 closes over 0.5% in 30 days; 1 allowed" : "Within target",
    current: { value: 0.4, text: "0.4%" },
    targetText: "< 0.5%",
    attainment7d: 0.9,
    attainment30d: 0.93,
    budget: null,
    burn,
    sparkline: [],
    lastObservedAt: null,
  };
}

const notes = (kind: string) => getDb().notification.findMany({ where: { userId: admin.id, kind }, orderBy: { createdAt: "asc" } });
const T = (min: number) => new Date(Date.UTC(2026, 10, 29, 12, min));

describe("raiseSlaAlerts", () => {
  it("a breach opens one alert and one notification however often it is evaluated; clearing resolves it; a new episode alerts again", async () => {
    const before = (await notes("sla.alert")).length;
    const first = await raiseSlaAlerts([tile("breach")], T(0), { webhook: null });
    expect(first.opened.map((o) => [o.key, o.kind])).toEqual([[KEY, "breach"]]);
    const second = await raiseSlaAlerts([tile("breach")], T(5), { webhook: null });
    expect(second.opened).toEqual([]);
    expect(await getDb().slaAlert.count({ where: { slaKey: KEY } })).toBe(1);
    const sent = await notes("sla.alert");
    expect(sent.length).toBe(before + 1);
    expect(sent.at(-1)).toMatchObject({ title: `SLA breached: ${def.name}`, href: `/sla/${KEY}` });
    expect(sent.at(-1)!.body).toContain(def.ref);

    // No data is not a recovery.
    expect((await raiseSlaAlerts([tile("no_data")], T(10), { webhook: null })).resolved).toEqual([]);
    const cleared = await raiseSlaAlerts([tile("ok")], T(15), { webhook: null });
    expect(cleared.resolved.map((r) => r.id)).toEqual([first.opened[0].id]);
    expect(await getDb().slaAlert.findUniqueOrThrow({ where: { id: first.opened[0].id } })).toMatchObject({
      resolvedAt: T(15),
      webhookStatus: "skipped",
    });
    expect((await notes("sla.alert_resolved")).at(-1)).toMatchObject({ title: `SLA holding again: ${def.name}` });
    expect((await raiseSlaAlerts([tile("ok")], T(20), { webhook: null })).resolved).toEqual([]);

    const again = await raiseSlaAlerts([tile("warn", [{ window: "1h", rate: 20, alerting: true }])], T(25), { webhook: null });
    expect(again.opened.map((o) => o.kind)).toEqual(["fast_burn"]);
    expect(await getDb().slaAlert.count({ where: { slaKey: KEY } })).toBe(2);
    expect((await notes("sla.alert")).length).toBe(before + 2);
  });

  it("two evaluations racing open one alert and send one notification", async () => {
    const before = (await notes("sla.alert")).length;
    const runs = await Promise.all([
      raiseSlaAlerts([tile("breach")], T(30), { webhook: null }),
      raiseSlaAlerts([tile("breach")], T(30), { webhook: null }),
    ]);
    expect(runs.flatMap((r) => r.opened)).toHaveLength(1);
    expect(await getDb().slaAlert.count({ where: { slaKey: KEY, resolvedAt: null } })).toBe(1);
    expect((await notes("sla.alert")).length).toBe(before + 1);
  });
});

describe("the SLA webhook", () => {
  let server: Server;
  let url: string;
  let answer = 204;
  const received: Array<{ headers: IncomingMessage["headers"]; body: string }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("POSTs the alert after commit, signed like the break-glass webhook, and records that it was sent", async () => {
    const secret = "s3cret-for-the-test";
    answer = 204;
    const run = await raiseSlaAlerts([tile("breach")], T(40), { webhook: { url, secret } });
    expect(run.webhook).toEqual({ sent: 1, failed: 0 });
    const got = received.at(-1)!;
    expect(got.headers["x-warden-event"]).toBe("sla.alert_opened");
    const ok = verifyWebhookSignature(
      secret,
      { timestamp: String(got.headers["x-warden-timestamp"]), signature: String(got.headers["x-warden-signature"]), body: got.body },
      { nowSeconds: Math.floor(Date.now() / 1000) },
    );
    expect(ok).toBe(true);
    expect(
      verifyWebhookSignature(
        "another-secret",
        { timestamp: String(got.headers["x-warden-timestamp"]), signature: String(got.headers["x-warden-signature"]), body: got.body },
        { nowSeconds: Math.floor(Date.now() / 1000) },
      ),
    ).toBe(false);
    expect(JSON.parse(got.body)).toMatchObject({ event_id: run.opened[0].id, payload: { sla: def.ref, kind: "breach" } });
    expect(await getDb().slaAlert.findUniqueOrThrow({ where: { id: run.opened[0].id } })).toMatchObject({ webhookStatus: "sent" });
  });

  it("a failing webhook is recorded on the alert and fails nothing; the inbox has the alert", async () => {
    answer = 500;
    const before = (await notes("sla.alert")).length;
    const run = await raiseSlaAlerts([tile("breach")], T(50), { webhook: { url, secret: "x" } });
    expect(run.webhook).toEqual({ sent: 0, failed: 1 });
    expect(await getDb().slaAlert.findUniqueOrThrow({ where: { id: run.opened[0].id } })).toMatchObject({ webhookStatus: "failed" });
    expect((await notes("sla.alert")).length).toBe(before + 1);
    const unreachable = await raiseSlaAlerts([tile("ok")], T(55), { webhook: { url: "http://127.0.0.1:9/none", secret: "x" } });
    expect(unreachable.resolved).toHaveLength(1);
  });
});

describe("evaluateSlas", () => {
  it("alerts once for a pipeline-success breach however often it runs", async () => {
    const at = new Date(Date.UTC(2027, 1, 3, 10, 0));
    pinClock(at);
    const runs = Array.from({ length: 20 }, (_, i) => ({
      slaKey: "platform.pipeline_success",
      itemId: `alert-test-run-${at.getTime()}-${i}`,
      kind: "pipeline_run" as const,
      subject: "orders_silver",
      observedAt: new Date(at.getTime() - (i + 1) * 60_000),
      windowStart: new Date(at.getTime() - (i + 2) * 60_000),
      value: 42,
      good: i % 4 === 0 ? 0 : 1,
      total: 1,
      detail: { run_id: `r${i}` },
    }));
    await insertObservations(runs, { source: "test" });
    const before = (await notes("sla.alert")).length;
    const first = await evaluateSlas(at, { webhook: null });
    const second = await evaluateSlas(new Date(at.getTime() + 5 * 60_000), { webhook: null });
    expect(first.alerts.opened.filter((o) => o.key === "platform.pipeline_success")).toHaveLength(1);
    expect(second.alerts.opened.filter((o) => o.key === "platform.pipeline_success")).toHaveLength(0);
    expect(await getDb().slaAlert.count({ where: { slaKey: "platform.pipeline_success" } })).toBe(1);
    const mine = (await notes("sla.alert")).slice(before).filter((n) => n.href === "/sla/platform.pipeline_success");
    expect(mine).toHaveLength(1);
  });
});
