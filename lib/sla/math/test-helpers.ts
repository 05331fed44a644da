// Definitions for the SLA maths' tests: one per budgeting method, shaped like the seed's rows.
import type { SlaDefinitionView } from "../types";

export function testDef(over: Partial<SlaDefinitionView> & Pick<SlaDefinitionView, "key" | "sliKind" | "budgeting">): SlaDefinitionView {
  const version = over.version ?? 1;
  return {
    id: `sla_test_${over.key}_${version}`,
    ref: `${over.key}@${version}`,
    version,
    current: true,
    name: over.key,
    description: "test",
    target: 0.99,
    threshold: null,
    warnThreshold: null,
    unit: "ratio",
    windowDays: 30,
    timeZone: "UTC",
    ownerTeam: "test",
    ownerId: null,
    source: "ingest",
    changeReason: "test",
    createdById: null,
    createdAt: new Date("2026-01-01T00:00:00Z"),
    ...over,
  };
}
