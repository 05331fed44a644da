// The export build and expiry job kinds, as lib/job-kinds lists them (the job list stays one line per domain).
import type { JobKind } from "@/lib/jobs/job-kind";
import { expireExports } from "./expire-exports";
import { EXPORT_BUILD_KIND, EXPORT_BUILD_MAX_ATTEMPTS, EXPORT_EXPIRE_KIND } from "./kinds";
import { runExportBuildJob } from "./run-build-job";

export const buildExportJobKinds: readonly JobKind[] = [
  {
    kind: EXPORT_BUILD_KIND,
    title: "Export builds: stream the rows through the export's masks and fingerprint into its file and zip",
    maxAttempts: EXPORT_BUILD_MAX_ATTEMPTS,
    backoffMs: 30_000,
    run: async (ctx) => ({ ...(await runExportBuildJob(ctx)) }),
  },
  {
    kind: EXPORT_EXPIRE_KIND,
    title: "Export expiry: delete files past their expiry; fail builds abandoned by their runner",
    everyMs: 5 * 60_000,
    run: ({ now, jobId }) => expireExports(now, { requestId: `job:${jobId}`, ipHash: null, uaHash: null }),
  },
];
