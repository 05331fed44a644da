// Jobs: the background work the console does on its own (expiry, reminders, deadlines, housekeeping), per kind:
// last run, next run, what is queued, and every failed try with its error. Privacy admins (jobs.read).
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam, tableHref } from "@/components/data-table/table-href";
import { requirePagePermission } from "@/lib/auth/session";
import { now } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { toErrorResponse } from "@/lib/core/errors";
import { JOB_KINDS } from "@/lib/job-kinds/job-kinds";
import { findJobFailures, type JobFailuresPage } from "@/lib/jobs/find-job-failures";
import { getJobsOverview, JOB_STATUS_SORTS, sortJobKindStatus } from "@/lib/jobs/list-job-status";
import { setResponseStatus } from "@/lib/http/response-status";
import { describeMs } from "@/lib/scopes/durations";
import { JobFailuresTable } from "./job-failures-table";
import { JobKindsTable } from "./job-kinds-table";

export const metadata: Metadata = { title: "Jobs" };

const PAGE_SIZE = 25;

const ZSort = z.object({
  sort: z.enum(JOB_STATUS_SORTS).default("kind"),
  dir: z.enum(["asc", "desc"]).default("asc"),
});

export default async function JobsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("jobs.read");
  const sp = await searchParams;
  const sortParams = ZSort.safeParse({ sort: firstParam(sp.sort) || undefined, dir: firstParam(sp.dir) || undefined });
  const kindFilter = firstParam(sp.kind) || undefined;
  const cursor = firstParam(sp.cursor) || undefined;
  const asOf = now();
  const { jobsInProcess, jobsPollMs } = env();

  const sort = sortParams.success ? sortParams.data : { sort: "kind" as const, dir: "asc" as const };
  const kinds = sortJobKindStatus(await getJobsOverview(user, JOB_KINDS), sort.sort, sort.dir === "desc");
  let failures: JobFailuresPage | null = null;
  let badLink: string | null = sortParams.success ? null : "The sort in this link is not one this page offers; the kinds are shown by name.";
  try {
    failures = await findJobFailures(user, { kind: kindFilter, cursor, limit: PAGE_SIZE });
  } catch (err) {
    const { status, body } = toErrorResponse(err);
    if (status !== 422) throw err;
    badLink = `This link's ${body.error.field ?? "filter"} is not valid, so failed tries are not shown. Start again from all kinds.`;
  }
  if (badLink) setResponseStatus(422);

  // A recurring kind whose next run is well past due means no runner is running (or every runner is stuck).
  const lateAfterMs = Math.max(2 * jobsPollMs, 60_000);
  const late = kinds.filter((k) => k.known && !k.running && k.nextRunAt && asOf.getTime() - Date.parse(k.nextRunAt) > lateAfterMs);

  return (
    <>
      <PageHeader
        title="Jobs"
        description="Work the console does on its own: grant expiry and reminders, review deadlines, deliveries and housekeeping. Jobs are kept in the console database; each is run by one runner at a time, and one that falls due while nothing runs is run at the next start."
      />
      <p className="-mt-3 mb-4 text-sm text-slate-600" data-testid="runner-mode">
        {jobsInProcess
          ? `This server runs due jobs itself, looking every ${describeMs(jobsPollMs)} (WARDEN_JOBS=on).`
          : "This server runs no jobs (WARDEN_JOBS=off): a scheduled `npm run warden -- jobs run --once` runs them."}
      </p>
      {badLink ? (
        <Alert variant="warning" title="Link not understood" className="mb-4">
          {badLink}
        </Alert>
      ) : null}
      {late.length > 0 ? (
        <Alert variant="warning" title="Jobs are running late" className="mb-4">
          {late.map((k) => k.kind).join(", ")} {late.length === 1 ? "was" : "were"} due more than {describeMs(lateAfterMs)} ago and{" "}
          {late.length === 1 ? "has" : "have"} not run. Is a runner running?{" "}
          {jobsInProcess ? "Check the server's log for database errors." : "Check the cron line that runs `jobs run --once`."}
        </Alert>
      ) : null}

      <section aria-labelledby="job-kinds" className="mb-8">
        <h2 id="job-kinds" className="mb-2 text-sm font-semibold text-slate-900">
          Kinds of job
        </h2>
        <JobKindsTable rows={kinds.map((k) => ({ ...k, asOf: asOf.toISOString() }))} sorting={{ id: sort.sort, desc: sort.dir === "desc" }} />
      </section>

      <section aria-labelledby="failures-heading" id="failures">
        <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="failures-heading" className="text-sm font-semibold text-slate-900">
            Failed tries{kindFilter && failures ? <span className="font-normal text-slate-600"> of {kindFilter}</span> : null}
          </h2>
          {kindFilter || cursor ? (
            <Link
              href={`${tableHref("/jobs", sp, { kind: null, cursor: null })}#failures`}
              className="text-sm font-medium text-indigo-700 hover:underline"
            >
              Show every kind
            </Link>
          ) : null}
        </div>
        {failures ? (
          <JobFailuresTable
            rows={failures.rows.map((r) => ({ ...r, asOf: asOf.toISOString() }))}
            emptyMessage={kindFilter ? `No failed tries of ${kindFilter} in the last 30 days.` : "No failed tries in the last 30 days."}
            pagination={{
              pageSize: PAGE_SIZE,
              total: failures.total,
              nextHref: failures.nextCursor ? tableHref("/jobs", sp, { cursor: failures.nextCursor }) : null,
              firstHref: cursor ? tableHref("/jobs", sp, { cursor: null }) : null,
              labels: { prev: "Newer", next: "Older" },
            }}
          />
        ) : null}
      </section>
    </>
  );
}
