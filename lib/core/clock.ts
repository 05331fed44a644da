// The one clock. Unit tests pin it; end-to-end tests move a running server's clock through a file
// (WARDEN_TEST_CLOCK_FILE, never set in production), so a grant can expire without anyone sleeping.
import { readFileSync, statSync } from "node:fs";

let pinned: Date | null = null;

// Shared through globalThis: the server wrapper, Next's bundles and the CLI each load their own copy of this module.
const shared = globalThis as unknown as { __wardenClockFile?: { path: string; mtimeMs: number; offsetMs: number } };

export function now(): Date {
  if (pinned) return new Date(pinned);
  return new Date(Date.now() + fileOffsetMs());
}

/** For tests only: pin the clock (or release it with null). */
export function pinClock(at: Date | null): void {
  pinned = at ? new Date(at) : null;
}

/**
 * For end-to-end tests only: from now on the clock runs `offsetMs` ahead of the system time, as written in `file`
 * ({"offsetMs": n}); a missing or unreadable file means no offset. lib/core/env.ts gates it behind WARDEN_TEST_CLOCK_FILE.
 */
export function followClockFile(file: string): void {
  shared.__wardenClockFile = { path: file, mtimeMs: -1, offsetMs: 0 };
}

function fileOffsetMs(): number {
  const f = shared.__wardenClockFile;
  if (!f) return 0;
  try {
    const { mtimeMs } = statSync(f.path);
    if (mtimeMs !== f.mtimeMs) {
      const offset = Number((JSON.parse(readFileSync(f.path, "utf8")) as { offsetMs?: unknown }).offsetMs);
      f.offsetMs = Number.isFinite(offset) ? offset : 0;
      f.mtimeMs = mtimeMs;
    }
  } catch {
    f.offsetMs = 0;
    f.mtimeMs = -1;
  }
  return f.offsetMs;
}
