/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bootstrap: synchronous require is the point */
// Starts the purge's tombstone-hashing thread (tombstone-hasher.ts): tsx's CommonJS hooks register in-thread and
// synchronously, where an --import loader in a worker's execArgv does not take on Node 20.
require("tsx/cjs/api").register();
require("./tombstone-hash-worker.ts");
