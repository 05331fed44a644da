// The one clock. Tests may pin it; production reads the system time.
let pinned: Date | null = null;

export function now(): Date {
  return pinned ? new Date(pinned) : new Date();
}

/** For tests only: pin the clock (or release it with null). */
export function pinClock(at: Date | null): void {
  pinned = at ? new Date(at) : null;
}
