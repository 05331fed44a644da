// The data directory holds personal data (the demo warehouse has TINs, birth dates, phones, addresses) and
// secrets: it is 700 and its files 600, whatever the process umask. SQLite creates -wal/-shm/-journal files with the
// permissions of the database file, so creating that file 600 first covers them.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the directory (and parents) 700 when missing; an existing directory is left as it is. */
export function ensurePrivateDir(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Creates an empty file 600 when missing, in a private directory, so whatever opens it next inherits the mode. */
export function ensurePrivateFile(file: string): void {
  ensurePrivateDir(path.dirname(file));
  if (!existsSync(file)) closeSync(openSync(file, "a", PRIVATE_FILE_MODE));
}

/**
 * Corrects the modes of an existing data directory: the directory to 700 and every regular file in it to 600.
 * Returns one line per correction ("warehouse.db 644 → 600"), for a warning.
 */
export function tightenDataDir(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const fixed: string[] = [];
  const fix = (p: string, want: number, label: string) => {
    const mode = statSync(p).mode & 0o777;
    if ((mode & ~want) === 0) return;
    chmodSync(p, want);
    fixed.push(`${label} ${mode.toString(8)} → ${want.toString(8)}`);
  };
  fix(dir, PRIVATE_DIR_MODE, path.basename(dir) + "/");
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile()) fix(path.join(dir, entry.name), PRIVATE_FILE_MODE, entry.name);
  }
  return fixed;
}
