// The concurrency test's mix, shared by the test and its writer processes: of each writer's appends, a quarter are
// person views through the gateway (each its own entry, the expensive kind), the rest ingest batches of 50 (the bulk
// of a ledger's volume once other systems report through the machine API).
export const loadViews = (appends: number) => Math.floor(appends / 4);
