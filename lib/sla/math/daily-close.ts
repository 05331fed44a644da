// Local-time deadlines for daily SLAs ("Finance Gold closed by 06:00 local"), through luxon so DST days are right:
// 06:00 on a spring-forward or fall-back day is 06:00 on that day's wall clock in the zone, never midnight + 6 h.
import { DateTime, IANAZone } from "luxon";

/**
 * The instant of `minutesAfterMidnight` wall-clock minutes on `businessDate` (YYYY-MM-DD) in `timeZone`. Minutes
 * past 1440 run into the following days' wall clock. A wall time that does not exist (inside a spring-forward gap)
 * moves forward, as luxon does.
 */
export function localDeadline(businessDate: string, minutesAfterMidnight: number, timeZone: string): Date {
  const id = `${businessDate}|${minutesAfterMidnight}|${timeZone}`;
  const hit = deadlineCache.get(id);
  if (hit !== undefined) return new Date(hit);
  const at = computeDeadline(businessDate, minutesAfterMidnight, timeZone);
  if (deadlineCache.size >= 20_000) deadlineCache.clear();
  deadlineCache.set(id, at.getTime());
  return at;
}
const deadlineCache = new Map<string, number>();

function computeDeadline(businessDate: string, minutesAfterMidnight: number, timeZone: string): Date {
  const day = DateTime.fromISO(businessDate, { zone: timeZone });
  if (!day.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(businessDate)) throw new RangeError(`not a business date: ${businessDate} in ${timeZone}`);
  const whole = Math.floor(minutesAfterMidnight);
  const days = Math.floor(whole / 1440);
  const rest = whole - days * 1440;
  const seconds = Math.round((minutesAfterMidnight - whole) * 60);
  return day
    .startOf("day")
    .plus({ days })
    .set({ hour: Math.floor(rest / 60), minute: rest % 60, second: seconds, millisecond: 0 })
    .toJSDate();
}

/**
 * The zone's UTC offset in minutes at an instant, from luxon's zone data, kept per zone and quarter hour (every
 * zone's transitions fall on quarter hours): a page judges thousands of instants and luxon's offset look-up is the
 * costly part of it.
 */
export function zoneOffsetMinutes(timeZone: string, ms: number): number {
  if (timeZone === "UTC") return 0;
  const slot = Math.floor(ms / QUARTER_HOUR);
  const id = `${timeZone}|${slot}`;
  let off = offsetCache.get(id);
  if (off === undefined) {
    const zone = IANAZone.create(timeZone);
    if (!zone.isValid) throw new RangeError(`unknown time zone ${timeZone}`);
    off = zone.offset(slot * QUARTER_HOUR);
    if (offsetCache.size >= 50_000) offsetCache.clear();
    offsetCache.set(id, off);
  }
  return off;
}
const QUARTER_HOUR = 15 * 60_000;
const offsetCache = new Map<string, number>();

/** The local calendar day (YYYY-MM-DD) of an instant in a zone. */
export function localDay(at: Date | number, timeZone: string): string {
  const ms = typeof at === "number" ? at : at.getTime();
  return new Date(ms + zoneOffsetMinutes(timeZone, ms) * 60_000).toISOString().slice(0, 10);
}

/** The instant of local midnight starting `day` in `timeZone`. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  return DateTime.fromISO(day, { zone: timeZone }).startOf("day").toJSDate();
}

/** Wall-clock minutes from local midnight of `businessDate` to `at` (05:42 the same day → 342; next day 01:00 → 1500). */
export function minutesAfterLocalMidnight(businessDate: string, at: Date, timeZone: string): number {
  const ms = at.getTime();
  const wall = ms + zoneOffsetMinutes(timeZone, ms) * 60_000;
  return (wall - Date.parse(`${businessDate}T00:00:00Z`)) / 60_000;
}

/**
 * Local days from `fromDay` to `toDay` inclusive, each with the UTC instants of its start and end (a DST day is 23 or
 * 25 hours long). Computed once per read so that bucketing thousands of hours needs no zone maths per hour.
 */
export function localDays(fromDay: string, toDay: string, timeZone: string): ReadonlyArray<{ day: string; startMs: number; endMs: number }> {
  const id = `${fromDay}|${toDay}|${timeZone}`;
  const hit = dayCache.get(id);
  if (hit) return hit;
  const out: Array<{ day: string; startMs: number; endMs: number }> = [];
  let d = DateTime.fromISO(fromDay, { zone: timeZone }).startOf("day");
  const last = DateTime.fromISO(toDay, { zone: timeZone }).startOf("day");
  while (d <= last && out.length < 10_000) {
    const next = d.plus({ days: 1 });
    out.push({ day: d.toISODate()!, startMs: d.toMillis(), endMs: next.toMillis() });
    d = next;
  }
  // A page render asks for the same few ranges once per SLA; zone maths is the costly part, so keep the answers.
  if (dayCache.size >= 256) dayCache.delete(dayCache.keys().next().value!);
  dayCache.set(id, out);
  return out;
}

const dayCache = new Map<string, ReadonlyArray<{ day: string; startMs: number; endMs: number }>>();

/** Start of the month containing `at` in `timeZone`, its end, and its label ("November 2026"). */
export function localMonth(at: Date, timeZone: string): { startMs: number; endMs: number; label: string; firstDay: string } {
  const m = DateTime.fromJSDate(at, { zone: timeZone }).startOf("month");
  return { startMs: m.toMillis(), endMs: m.plus({ months: 1 }).toMillis(), label: m.toFormat("LLLL yyyy"), firstDay: m.toISODate()! };
}
