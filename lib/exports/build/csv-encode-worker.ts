// An encoder thread of a CSV build (encode-in-order.ts): encodes the batches it is given with the export's own
// csvBatchEncoder (masks and fingerprint keyed per export, derived here from the deployment's hash key, as on the main
// thread) and hands the bytes back without copying them.
import { parentPort, workerData } from "node:worker_threads";
import { csvBatchEncoder } from "./csv-encoder";
import type { EncoderMessage, EncoderTask } from "./encode-in-order";
import type { FileExport } from "./write-files";

const port = parentPort!;
const encode = csvBatchEncoder(workerData as FileExport);

port.on("message", (task: EncoderTask) => {
  if (task === null) {
    port.close();
    return;
  }
  let out: EncoderMessage;
  try {
    const { bytes, rows } = encode(task.rows);
    out = { type: "batch", seq: task.seq, bytes, rows };
  } catch {
    // The main thread encodes this batch itself and meets the same error there, with its type and field.
    port.postMessage({ type: "failed", seq: task.seq } satisfies EncoderMessage);
    return;
  }
  port.postMessage(out, [out.bytes.buffer as ArrayBuffer]);
});
port.postMessage({ type: "ready" } satisfies EncoderMessage);
