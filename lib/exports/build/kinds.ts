// The job kinds of export builds and file expiry (docs/decisions/027-export-builds.md), named once so the flow that
// enqueues a build, the job list and the tests agree.
export const EXPORT_BUILD_KIND = "exports.build";
export const EXPORT_EXPIRE_KIND = "exports.expire";
/**
 * Tries of one build, counting a try whose runner died (kill -9, lease ran out). Each try restarts from the first
 * row; after the last, the export is failed.
 */
export const EXPORT_BUILD_MAX_ATTEMPTS = 3;
