// The process-wide connector to the governed data, picked from WAREHOUSE_URL: a `file:` URL is the embedded SQLite
// demo warehouse, `postgresql://` a PostgreSQL warehouse (pg-connector.ts).
import { env } from "@/lib/core/env";
import { parseDatabaseUrl } from "@/lib/db/dialect";
import { openSqliteWarehouse, type WarehouseConnector } from "./connector";
import { openPgWarehouse } from "./pg-connector";

const cache = globalThis as unknown as { __wardenWarehouse?: { url: string; connector: WarehouseConnector } };

export function getWarehouse(): WarehouseConnector {
  const url = env().warehouseUrl;
  if (cache.__wardenWarehouse?.url === url) return cache.__wardenWarehouse.connector;
  const target = parseDatabaseUrl(url);
  const connector = target.dialect === "postgresql" ? openPgWarehouse(target.url) : openSqliteWarehouse(target.path);
  cache.__wardenWarehouse = { url, connector };
  return connector;
}

export async function closeWarehouse(): Promise<void> {
  const held = cache.__wardenWarehouse;
  cache.__wardenWarehouse = undefined;
  await held?.connector.close();
}
