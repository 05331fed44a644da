// Prisma's better-sqlite3 adapter, made safe for a server that shares its database file with other processes:
// - the connection's busy timeout is 0, and every query that meets a held lock is retried asynchronously
//   (lib/db/busy.ts), so a lock held elsewhere never blocks the event loop;
// - transactions start with BEGIN IMMEDIATE (the stock adapter's deferred BEGIN can deadlock on upgrade in WAL),
//   and while one is open, other queries on this connection wait for it instead of running inside it.
import type Database from "better-sqlite3";
import type { IsolationLevel, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { AsyncGate } from "./async-gate";
import { retryWhileBusy } from "./busy";
import { WAL_AUTOCHECKPOINT_PAGES } from "./raw";

const NO_ARGS = { args: [], argTypes: [] };

export function gatedSqliteAdapter(file: string): SqlDriverAdapterFactory {
  const inner = new PrismaBetterSqlite3({ url: file, timeout: 0 });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      // The adapter keeps its better-sqlite3 handle on `client`; acknowledged writes must survive power loss.
      const client = (adapter as unknown as { client: Database.Database }).client;
      client.pragma("synchronous = FULL");
      client.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      return gate(adapter);
    },
  };
}

function gate(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const lock = new AsyncGate();
  // Outside a transaction: wait for the gate, run once; on a busy error, release the gate while backing off.
  const outside = <T>(run: () => Promise<T>) => retryWhileBusy(() => lock.run(run));
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (q: SqlQuery) => outside(() => adapter.queryRaw(q)),
    executeRaw: (q: SqlQuery) => outside(() => adapter.executeRaw(q)),
    executeScript: (script: string) => outside(() => adapter.executeScript(script)),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
    async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
      if (isolationLevel && isolationLevel !== "SERIALIZABLE") {
        throw new Error(`SQLite transactions are always SERIALIZABLE (asked for ${isolationLevel})`);
      }
      // Take the write lock up front; hold the gate only once BEGIN IMMEDIATE succeeded.
      const release = await retryWhileBusy(async () => {
        const r = await lock.acquire();
        try {
          await adapter.executeRaw({ sql: "BEGIN IMMEDIATE", ...NO_ARGS });
          return r;
        } catch (err) {
          r();
          throw err;
        }
      });
      // Inside: statements run directly (the gate is ours); Prisma sends COMMIT/ROLLBACK itself, then calls these.
      return {
        provider: adapter.provider,
        adapterName: adapter.adapterName,
        options: { usePhantomQuery: false },
        queryRaw: (q: SqlQuery) => adapter.queryRaw(q),
        executeRaw: (q: SqlQuery) => adapter.executeRaw(q),
        commit: async () => release(),
        rollback: async () => release(),
        createSavepoint: async (name: string) => void (await adapter.executeRaw({ sql: `SAVEPOINT ${name}`, ...NO_ARGS })),
        rollbackToSavepoint: async (name: string) => void (await adapter.executeRaw({ sql: `ROLLBACK TO ${name}`, ...NO_ARGS })),
        releaseSavepoint: async (name: string) => void (await adapter.executeRaw({ sql: `RELEASE SAVEPOINT ${name}`, ...NO_ARGS })),
      };
    },
  };
}
