// An instant to the second, in UTC and in the viewer's time zone (from the zone cookie the browser sets, see
// time-zone-cookie.tsx). Formatted on the server: no client code per timestamp, no flash, no hydration mismatch.
/** The cookie holding the viewer's IANA time zone. */
export const TZ_COOKIE = "warden_tz";

export interface ViewerClock {
  /** IANA zone, or null when the browser has not told us yet (UTC only then). */
  zone: string | null;
  local: Intl.DateTimeFormat | null;
}

// Building an Intl formatter costs more than formatting a page of times with it; one per zone, kept (a zone's rules
// are the same for every viewer). Bounded, since the zone comes from a cookie.
const clocks = new Map<string, ViewerClock>();

/** Validates the zone (an unknown one throws in Intl) and gives the one formatter a page render uses. */
export function viewerClock(zone: string | undefined | null): ViewerClock {
  if (!zone || zone === "UTC" || zone === "Etc/UTC") return { zone: null, local: null };
  let clock = clocks.get(zone);
  if (!clock) {
    clock = buildClock(zone);
    if (clocks.size >= 200) clocks.clear();
    clocks.set(zone, clock);
  }
  return clock;
}

function buildClock(zone: string): ViewerClock {
  try {
    // sv-SE writes ISO-like "2026-11-29 11:00:05".
    const local = new Intl.DateTimeFormat("sv-SE", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    return { zone, local };
  } catch {
    return { zone: null, local: null };
  }
}

/** "2026-11-29 10:00:05" in UTC. */
export function utcSeconds(iso: string): string {
  return iso.length >= 19 ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso;
}

export function Instant({ iso, clock, stacked }: { iso: string; clock: ViewerClock; stacked?: boolean }) {
  const utc = utcSeconds(iso);
  const local = clock.local ? clock.local.format(new Date(iso)) : null;
  // The local time drops its date when it is the same day as in UTC.
  const localText = local ? (local.slice(0, 10) === utc.slice(0, 10) ? local.slice(11) : local) : null;
  return (
    <time dateTime={iso} className={stacked ? "flex flex-col tabular-nums" : "tabular-nums"}>
      <span>{utc} UTC</span>
      {localText ? (
        <span className="text-xs text-slate-500" title={clock.zone ?? undefined}>
          {stacked ? "" : " · "}
          {localText} local
        </span>
      ) : null}
    </time>
  );
}
