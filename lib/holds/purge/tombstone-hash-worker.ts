// The tombstone-hashing thread (tombstone-hasher.ts): a batch's record ids and the dataset's derived key in, their
// sorted v2 tombstone hashes out. It never sees the deployment's hash key, only the per-dataset key derived from it.
import { parentPort } from "node:worker_threads";
import type { HashReply, HashTask } from "./tombstone-hasher";
import { RecordHasher, sortedHashes } from "./tombstones";

const hashers = new Map<string, RecordHasher>();

parentPort!.on("message", (task: HashTask) => {
  const keyHex = Buffer.from(task.key).toString("hex");
  let hasher = hashers.get(keyHex);
  if (!hasher) hashers.set(keyHex, (hasher = new RecordHasher(Buffer.from(task.key))));
  parentPort!.postMessage({ seq: task.seq, hashes: sortedHashes(hasher, task.ids) } satisfies HashReply);
});
