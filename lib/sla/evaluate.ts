// The SLA evaluation (issue 10, decision 036), run by the job kind `sla.evaluate` every env().slaEvaluateMs and at the
// end of the demo seed: flush the gateway's decision tally, write the governance SLIs as observations (source
// "warden"), then raise or resolve alerts from the dashboard's tiles. Every step is idempotent, so two instances
// evaluating at once write each observation once and open each alert once.
import { flushDecisionTally } from "@/lib/access/decision-tally";
import { env } from "@/lib/core/env";
import { getDb } from "@/lib/db/client";
// STAND-INS until the ingest and math slices land; the lead swaps these two imports at merge.
import { insertObservations, type NewObservation } from "@/lib/sla/ingest/insert-observations";
import { slaDashboard } from "@/lib/sla/read/dashboard";
import { raiseSlaAlerts, type AlertRun } from "@/lib/sla/alerts/raise-alerts";
import {
  accessApprovalObservations,
  exportApprovalObservations,
  grantsPastExpiryObservation,
  purgeRunObservations,
  reviewOnTimeObservations,
} from "@/lib/sla/governance/governance-observations";
import { gatewayLoggedObservations, PII_LOGGED_KEY, reportedLoggedObservations } from "@/lib/sla/governance/pii-logged";

const DAY_MS = 86_400_000;
/** The first evaluation backfills this far (the dashboard's longest range). */
export const BACKFILL_DAYS = 90;
/** Later evaluations look back this far: every fact they read is final well within it (a late tally flush, a late close). */
export const LOOKBACK_DAYS = 2;

export interface EvaluationRun {
  tallyFlushed: number;
  observations: Record<string, { inserted: number; duplicates: number }>;
  /** SLIs that could not be written this run (logged; the next run tries again). */
  errors: string[];
  alerts: AlertRun;
}

export async function evaluateSlas(at: Date, opts: { webhook?: { url: string; secret: string } | null } = {}): Promise<EvaluationRun> {
  const tallyFlushed = await flushDecisionTally();
  const observations: EvaluationRun["observations"] = {};
  const errors: string[] = [];
  // One SLI that cannot be written (a conflicting reading from another instance in the same slot, a lost
  // connection) must not keep the others or the alerts from running; the next run tries again.
  const write = async (key: string, build: (from: Date) => Promise<NewObservation[]>) => {
    try {
      const from = await lookbackStart(key, at);
      const items = await build(from);
      observations[key] = items.length > 0 ? await insertObservations(items, { source: "warden" }) : { inserted: 0, duplicates: 0 };
    } catch (err) {
      console.error(`[warden] SLA evaluation: ${key} not written`, err);
      errors.push(`${key}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  await write(PII_LOGGED_KEY, async (from) => [...(await gatewayLoggedObservations(from, at)), ...(await reportedLoggedObservations(from, at))]);
  await write("governance.access_approval_time", (from) => accessApprovalObservations(from, at));
  await write("governance.export_approval_time", (from) => exportApprovalObservations(from, at));
  await write("governance.purge_success", (from) => purgeRunObservations(from, at));
  await write("governance.reviews_on_time", (from) => reviewOnTimeObservations(from, at));
  await write("governance.grants_past_expiry", async () => [await grantsPastExpiryObservation(at, env().slaEvaluateMs)]);

  const { tiles } = await slaDashboard({ at });
  const alerts = await raiseSlaAlerts(tiles, at, { webhook: opts.webhook === undefined ? env().slaWebhook : opts.webhook });
  return { tallyFlushed, observations, errors, alerts };
}

// 90 days until Warden has written this SLI once; after that a short look-back (an evaluation every few minutes).
async function lookbackStart(key: string, at: Date): Promise<Date> {
  const written = await getDb().slaObservation.findFirst({ where: { slaKey: key, source: "warden" }, select: { id: true } });
  return new Date(at.getTime() - (written ? LOOKBACK_DAYS : BACKFILL_DAYS) * DAY_MS);
}
