// The access version (decision 022): one stored counter that every change able to alter a gateway decision bumps
// inside its own transaction (a grant activated or ended, a catalog column added or reclassified). The gateway caches
// what it read under the version it saw and reuses it only while the stored version is still the same, so a change
// committed by any process takes effect on the very next read in every other one.
import type { Prisma } from "@db-client";
import { AppError } from "@/lib/core/errors";
import { rawRead } from "./raw-query";

/** Call inside the transaction that makes the change; it commits or rolls back with it. */
export async function bumpAccessVersion(tx: Prisma.TransactionClient): Promise<void> {
  await tx.accessVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } });
}

const SQL = "SELECT version FROM access_version WHERE id = 1";

export async function readAccessVersion(): Promise<number> {
  const [row] = await rawRead<{ version: number }>("warden_access_version", { sqlite: SQL, pg: SQL }, []);
  if (!row) throw missingVersion();
  return Number(row.version);
}

/** Without the counter no cached decision can be trusted: fail closed. */
export function missingVersion(): AppError {
  return new AppError("unavailable", "The access version is missing from the console database; run the migrations (npm run db:migrate).");
}
