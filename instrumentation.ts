// Runs once when the server starts (Next.js instrumentation hook): periodic housekeeping of this instance. Every
// task is safe with several instances running it at once (each claims rows atomically).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startMaintenance } = await import("./lib/maintenance/start-maintenance");
  startMaintenance();
}
