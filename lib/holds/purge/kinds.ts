// The purge's job kinds (names only, so verbs can enqueue without importing the job list).
export const PURGE_RUN_KIND = "purge.run";
export const PURGE_NIGHTLY_KIND = "purge.nightly";
/** A run that fails this many tries in a row is marked failed, so it never blocks the next run forever. */
export const PURGE_RUN_MAX_ATTEMPTS = 5;
