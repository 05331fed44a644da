import { describe, expect, it } from "vitest";
import { LEDGER_CELLS } from "./ledger-cells";
import type { LedgerTableRow } from "./ledger-columns";

const row: LedgerTableRow = {
  s: 42,
  u: "2026-11-29 10:00:05",
  l: "11:00:05",
  a: "ana@warden.test",
  r: "analyst",
  x: "people.record_viewed",
  p: `Ticket <img src=x onerror="alert(1)"> & co`,
  d: "mask",
  ta: "pii_tax",
  ts: "not_recorded",
  c: [2, 1, 0],
  n: 1,
  o: "marketplace.people@1",
  k: "usr_p1",
};

describe("ledger cells", () => {
  it("write the test ids and data the specs find rows by, and the purpose as text, never as markup", () => {
    expect(LEDGER_CELLS.entry(row).value).toContain('<span class="font-mono" data-testid="seq">#42</span>');
    expect(LEDGER_CELLS.entry(row).value).toContain("11:00:05 local");
    expect(LEDGER_CELLS.entry({ ...row, l: undefined }).value).not.toContain("local");
    expect(LEDGER_CELLS.actor(row).value).toContain('<span data-testid="actor">ana@warden.test</span>');
    const action = LEDGER_CELLS.action(row).value;
    expect(action).toContain("Ticket &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co");
    expect(action).not.toContain("<img");
    expect(LEDGER_CELLS.action({ ...row, p: "" }).value).toContain(">—<");
    const decision = LEDGER_CELLS.decision(row).value;
    expect(decision).toContain('data-decision="mask">mask</span>');
    expect(decision).toContain('data-testid="tiers" data-asked="pii_tax" data-shown="not_recorded">asked Tax PII · shown <span');
    expect(decision).toContain(">not recorded</span>");
    expect(decision).toContain("2 clear · 1 masked · 0 withheld");
    expect(decision).toContain(">1 row<");
    expect(LEDGER_CELLS.decision({ ...row, ts: "nothing", n: 0 }).value).toMatch(/shown nothing in clear<.*>0 rows</);
    expect(LEDGER_CELLS.resource(row).value).toContain('data-testid="record-id">usr_p1</span>');
    expect(LEDGER_CELLS.resource({ ...row, k: null }).value).not.toContain("record-id");
  });
});
