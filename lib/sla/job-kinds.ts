// The SLA job kinds (issue 10): the recurring evaluation of governance SLIs and alerts (decision 036).
import { env } from "@/lib/core/env";
import type { JobKind } from "@/lib/jobs/job-kind";
import { evaluateSlas } from "./evaluate";

export const SLA_EVALUATE_KIND = "sla.evaluate";

export const slaJobKinds: JobKind[] = [
  {
    kind: SLA_EVALUATE_KIND,
    title: "SLA evaluation: governance SLIs from Warden's own tables, then breach and fast-burn alerts",
    // Read when the runner schedules, not when this list is imported (env is validated on first use).
    get everyMs() {
      return env().slaEvaluateMs;
    },
    async run({ now }) {
      const r = await evaluateSlas(now);
      const inserted = Object.values(r.observations).reduce((s, o) => s + o.inserted, 0);
      return {
        tallyFlushed: r.tallyFlushed,
        inserted,
        errors: r.errors,
        opened: r.alerts.opened.length,
        resolved: r.alerts.resolved.length,
        webhook: r.alerts.webhook,
      };
    },
  },
];
