// The build process's entry (build-process.ts starts it: `node --import tsx` this file). Waits for its job on the IPC
// channel, writes the file and the zip, reports progress and the file's facts, takes the zip's tail from its parent,
// and exits. Loads only the build's own modules: the warehouse connector, masks, fingerprint, writers.
import { AppError } from "@/lib/core/errors";
import { env } from "@/lib/core/env";
import { parseDatabaseUrl } from "@/lib/db/dialect";
import { closeWarehouse, getWarehouse } from "@/lib/warehouse/get-warehouse";
import type { ChildMessage, ParentMessage } from "./build-process";
import { encoderThreads } from "./encoder-threads";
import { writeExportFiles, type FileFacts } from "./write-files";
import type { ZipTail } from "./write-zip";

process.umask(0o077);

const send = (m: ChildMessage) =>
  new Promise<void>((resolve, reject) => process.send!(m, undefined, undefined, (err) => (err ? reject(err) : resolve())));

// The runner that started this build is gone (kill -9, crash): stop writing at once; its next try starts over.
process.on("disconnect", () => process.exit(1));

let tailWaiter: ((tail: ZipTail) => void) | null = null;

process.on("message", (m: ParentMessage) => {
  if (m.type === "start") void run(m);
  else if (m.type === "tail") tailWaiter?.(m.tail);
});

async function run(m: Extract<ParentMessage, { type: "start" }>): Promise<void> {
  let code = 0;
  try {
    const job = { ...m.job, facts: { ...m.job.facts, createdAt: new Date(m.job.facts.createdAt) } };
    const written = await writeExportFiles(job, {
      warehouse: getWarehouse(),
      startEncoders: encoderThreads(),
      warehouseFile: embeddedWarehouseFile(),
      onProgress: (rowsWritten) => send({ type: "progress", rowsWritten }),
      tail: (file: FileFacts) =>
        new Promise<ZipTail>((resolve) => {
          tailWaiter = resolve;
          void send({ type: "file", file });
        }),
    });
    const usage = process.resourceUsage();
    await send({
      type: "done",
      zipSha256: written.zipSha256,
      peakRssMb: Math.round((usage.maxRSS / 1024) * 10) / 10,
      cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
    });
  } catch (err) {
    code = 1;
    const message = (err instanceof Error ? err.message : String(err)) || "The build failed";
    await send({
      type: "error",
      code: err instanceof AppError ? err.code : null,
      message,
      field: err instanceof AppError ? (err.field ?? null) : null,
    }).catch(() => {});
  } finally {
    await closeWarehouse().catch(() => {});
  }
  process.exit(code);
}

/** The embedded warehouse's file, which encoder threads open for key ranges; none for a PostgreSQL warehouse. */
function embeddedWarehouseFile(): string | undefined {
  const target = parseDatabaseUrl(env().warehouseUrl);
  return target.dialect === "sqlite" ? target.path : undefined;
}
