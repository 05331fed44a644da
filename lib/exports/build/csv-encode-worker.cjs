/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bootstrap: synchronous require is the point */
// Starts an export's CSV encoder thread (encode-in-order.ts): tsx's CommonJS hooks register in-thread and
// synchronously, where an --import loader in a worker's execArgv does not take on Node 20.
require("tsx/cjs/api").register();
require("./csv-encode-worker.ts");
