// Runs once when the server starts (Next.js instrumentation hook): periodic housekeeping of this instance. Every
// task is safe with several instances running it at once (each claims rows atomically).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/core/env");
  const file = env().testClockFile;
  if (file) {
    const { followClockFile } = await import("./lib/core/clock");
    followClockFile(file);
    console.warn(`[warden] TEST CLOCK: the clock follows ${file} (WARDEN_TEST_CLOCK_FILE); never set this in production`);
  }
  const { startMaintenance } = await import("./lib/maintenance/start-maintenance");
  startMaintenance();
}
