// The process-wide connector to the governed data, picked from WAREHOUSE_URL (embedded default: SQLite file).
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { parseDatabaseUrl } from "@/lib/db/dialect";
import { openSqliteWarehouse, type WarehouseConnector } from "./connector";

const cache = globalThis as unknown as { __wardenWarehouse?: { url: string; connector: WarehouseConnector } };

export function getWarehouse(): WarehouseConnector {
  const url = env().warehouseUrl;
  if (cache.__wardenWarehouse?.url === url) return cache.__wardenWarehouse.connector;
  const target = parseDatabaseUrl(url);
  // PostgreSQL and Trino connectors implement the same interface when they are asked for.
  if (target.dialect !== "sqlite") throw new AppError("unavailable", "Only the SQLite warehouse connector is available in this build");
  const connector = openSqliteWarehouse(target.path);
  cache.__wardenWarehouse = { url, connector };
  return connector;
}

export async function closeWarehouse(): Promise<void> {
  const held = cache.__wardenWarehouse;
  cache.__wardenWarehouse = undefined;
  await held?.connector.close();
}
