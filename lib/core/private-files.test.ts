import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { blockingSqliteHandle } from "@/lib/db/raw";
import { ensurePrivateDir, tightenDataDir } from "./private-files";

const mode = (p: string) => statSync(p).mode & 0o777;

describe("private data files", () => {
  it("creates the data directory 700 and SQLite files (with -wal and -shm) 600, whatever the umask", () => {
    const previous = process.umask(0o022);
    try {
      const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "warden-private-")), "data");
      ensurePrivateDir(dir);
      expect(mode(dir)).toBe(0o700);
      const file = path.join(dir, "warden.db");
      const db = blockingSqliteHandle(file);
      db.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1);");
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f)).toBe(0o600);
      db.close();
    } finally {
      process.umask(previous);
    }
  });

  it("corrects an existing world-readable directory and its files, and says what it changed", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "warden-loose-"));
    chmodSync(dir, 0o755);
    writeFileSync(path.join(dir, "warehouse.db"), "");
    chmodSync(path.join(dir, "warehouse.db"), 0o644);
    writeFileSync(path.join(dir, "secrets.json"), "{}", { mode: 0o600 });
    mkdirSync(path.join(dir, "sub"));
    const fixed = tightenDataDir(dir);
    expect(fixed).toEqual([`${path.basename(dir)}/ 755 → 700`, "warehouse.db 644 → 600"]);
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(dir, "warehouse.db"))).toBe(0o600);
    expect(tightenDataDir(dir)).toEqual([]);
    new Database(path.join(dir, "warehouse.db")).close();
  });
});
