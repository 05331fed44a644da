// Which database a URL names: `file:` is the embedded SQLite default, `postgresql://` (or `postgres://`) is PostgreSQL.
import path from "node:path";
import { AppError } from "@/lib/core/errors";

export type DbTarget = { dialect: "sqlite"; path: string } | { dialect: "postgresql"; url: string };

export function parseDatabaseUrl(url: string): DbTarget {
  if (url.startsWith("file:")) {
    const p = url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
    if (!p) throw new AppError("bad_request", "DATABASE_URL: file: URL has no path");
    return { dialect: "sqlite", path: path.resolve(p) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: "postgresql", url };
  throw new AppError("bad_request", "DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
}
