// An encoder thread of a CSV build (encode-in-order.ts): does the work it is given with the export's own
// csvBatchEncoder (masks and fingerprint keyed per export, derived here from the deployment's hash key, as on the main
// thread) and hands the bytes back without copying them. `rows` work is a batch to encode; `range` work is a key
// range it reads itself on its own read-only connection to the embedded warehouse, so no row crosses threads.
import { parentPort, workerData } from "node:worker_threads";
import { openSqliteWarehouse, type WarehouseConnector } from "@/lib/warehouse/connector";
import { csvBatchEncoder } from "./csv-encoder";
import { encodeRange, type EncoderMessage, type EncoderTask } from "./encode-in-order";
import type { EncoderData } from "./encoder-threads";
import { BATCH_ROWS, filePlan } from "./file-plan";

const port = parentPort!;
const { exp, warehouseFile } = workerData as EncoderData;
const encode = csvBatchEncoder(exp);
const plan = filePlan(exp);
let warehouse: WarehouseConnector | null = null;

port.on("message", (task: EncoderTask) => {
  if (task === null) {
    port.close();
    return;
  }
  void work(task);
});

async function work(task: NonNullable<EncoderTask>): Promise<void> {
  let out: EncoderMessage;
  try {
    if ("rows" in task) {
      const { bytes, rows } = encode(task.rows);
      out = { type: "batch", seq: task.seq, bytes, rows };
    } else {
      if (!warehouseFile) throw new Error("no warehouse to read ranges from");
      warehouse ??= openSqliteWarehouse(warehouseFile);
      const batches = warehouse.streamRows(plan.datasetRef, {
        columns: plan.streamColumnNames,
        filters: exp.filters,
        ...task.range,
        batchSize: BATCH_ROWS,
      });
      const { bytes, rows } = await encodeRange(batches, encode);
      out = { type: "batch", seq: task.seq, bytes, rows };
    }
  } catch {
    // The main thread does this work itself and meets the same error there, with its type and field.
    port.postMessage({ type: "failed", seq: task.seq } satisfies EncoderMessage);
    return;
  }
  port.postMessage(out, [out.bytes.buffer as ArrayBuffer]);
}

port.postMessage({ type: "ready" } satisfies EncoderMessage);
