// Builds the deterministic SQLite demo warehouse (people, bookings, booking legs, raw events, background checks) that Warden governs; server-side only: writes database files.
import Database from "better-sqlite3";
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { DEMO_CITIES, FIRST_NAMES, LAST_NAMES, STREET_NAMES, STREET_SUFFIXES } from "./demo-data";
import {
  BACKGROUND_CHECK_COLUMNS,
  BOOKING_COLUMNS,
  BOOKING_LEG_COLUMNS,
  EVENT_COLUMNS,
  EVENT_NAMES,
  EVENT_PLATFORMS,
  PEOPLE_COLUMNS,
  PERSON_ROLES,
  WAREHOUSE_INDEX_DDL,
  WAREHOUSE_SCHEMA_VERSION,
  WAREHOUSE_TABLE_DDL,
  toSearchKey,
  type PersonRole,
} from "./schema";

export interface GenerateDemoWarehouseOptions {
  path: string;
  /** Number of people; bookings are about half of that, with 1–4 legs each. */
  size: number;
  seed?: number;
  /**
   * The raw events span the 180 days before this instant (default: the seed's own generation time). The demo seed
   * passes its run time, so a 90-day events policy finds about half of them due on a fresh demo.
   */
  eventsUntil?: Date;
  /** Called after each committed chunk; units are people + bookings. */
  onProgress?: (done: number, total: number) => void;
}

export interface GenerateDemoWarehouseResult {
  people: number;
  bookings: number;
  legs: number;
  events: number;
  backgroundChecks: number;
  ms: number;
}

export type DemoWarehouseCounts = Omit<GenerateDemoWarehouseResult, "ms">;

export const DEFAULT_DEMO_SEED = 42;
export const MAX_DEMO_SIZE = 10_000_000;

const CHUNK_ROWS = 20_000;
const DAY = 86_400;
const YEAR = 365 * DAY;
// 2025-07-01T00:00:00Z; the seed shifts "now" within a quarter so different seeds also differ in time.
const GENERATED_AT_BASE = 1_751_328_000;
const BOOKING_WINDOW = 2 * YEAR;
const PLATFORM_TAKE_RATE = 0.2;
const BUYER_SERVICE_FEE_RATE = 0.1;
const CURRENCY = "USD";

// Role mix and, per supplier role, how likely it leads a booking and its hourly rate range in cents.
const ROLE_WEIGHTS: Record<PersonRole, number> = {
  buyer: 45,
  model: 20,
  photographer: 14,
  videographer: 7,
  creator: 9,
  studio_host: 5,
};
const LEG_ROLE_WEIGHTS = [0, 35, 35, 10, 15, 5]; // indexed like PERSON_ROLES; buyers never supply a leg
const HOURLY_RATE_CENTS: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [8_000, 30_000],
  [10_000, 40_000],
  [12_000, 45_000],
  [6_000, 25_000],
  [5_000, 20_000],
];
const LEG_COUNT_WEIGHTS = [35, 35, 20, 10]; // 1, 2, 3 or 4 legs
const BUYER = 0;
const EMAIL_DOMAINS = ["example.com", "example.net", "example.org"];
const EVENTS_WINDOW = 180 * DAY;
// Per person 0–3 sessions of 1–4 events each: about 3.75 events a person.
const SESSIONS_PER_PERSON = 4;
const EVENTS_PER_SESSION = 4;
// After the session's app.opened; the booking-bound ones only for people in a booking (indexed like EVENT_NAMES).
const EVENT_NAME_WEIGHTS = [0, 35, 30, 20, 15];
const PLATFORM_WEIGHTS = [45, 35, 20]; // indexed like EVENT_PLATFORMS
const CHECK_VENDORS = ["Checkr", "Sterling", "HireRight"];

/**
 * Same seed and size ⇒ identical rows. Replaces the file at `path` atomically: the warehouse is built next to it
 * (`<path>.tmp-<pid>-<random>`) and renamed over it, so readers see the old file or the new one, never a partial one.
 * Processes holding the old file open keep reading it until they reopen.
 */
export function generateDemoWarehouse(opts: GenerateDemoWarehouseOptions): GenerateDemoWarehouseResult {
  const { size, onProgress } = opts;
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  checkDemoWarehouseOptions(size, seed, opts.eventsUntil);

  const started = performance.now();
  const target = path.resolve(opts.path);
  mkdirSync(path.dirname(target), { recursive: true });
  removeOrphanBuilds(target);
  // Per-build name: parallel builders (e.g. test workers) must never rename each other's half-written file.
  const tmp = `${target}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;

  const db = new Database(tmp);
  let counts: DemoWarehouseCounts;
  try {
    // A throwaway file until the rename: durability and rollback buy nothing here.
    db.pragma("journal_mode = OFF");
    db.pragma("synchronous = OFF");
    db.pragma("locking_mode = EXCLUSIVE");
    db.pragma("temp_store = MEMORY");
    db.pragma("cache_size = -65536"); // 64 MiB keeps the hot part of the primary-key b-trees cached during random-order inserts
    db.pragma("foreign_keys = OFF"); // legs reference people that are written after them
    db.exec(WAREHOUSE_TABLE_DDL);
    counts = populate(db, size, seed, opts.eventsUntil, onProgress);
    db.exec(WAREHOUSE_INDEX_DDL);
    db.pragma("analysis_limit = 1000");
    db.exec("ANALYZE");
    db.pragma("journal_mode = WAL");
    db.close();

    // synchronous=OFF skipped every fsync; one here makes the renamed file durable as a whole.
    fsyncPath(tmp);
    // A stale -wal next to the target would be replayed onto the new file; readers leave these behind.
    rmSync(`${target}-wal`, { force: true });
    rmSync(`${target}-shm`, { force: true });
    renameSync(tmp, target);
  } catch (error) {
    if (db.open) db.close();
    removeDatabaseFiles(tmp);
    throw error;
  }
  try {
    fsyncPath(path.dirname(target)); // persists the rename itself
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic.
  }

  return { ...counts, ms: Math.round(performance.now() - started) };
}

/** One chunk of generated rows for one table, in that table's column order (see WAREHOUSE_COLUMN_ORDER). */
export interface DemoWarehouseChunk {
  table: "people" | "bookings" | "booking_legs" | "events" | "background_checks" | "meta";
  rows: unknown[][];
  /** Progress units (people + bookings) this chunk completes. */
  units: number;
}

/** The column order of the rows `demoWarehouseRows` yields, per table. */
export const WAREHOUSE_COLUMN_ORDER = {
  people: [...PEOPLE_COLUMNS, "name_search", "last_name_search"],
  bookings: BOOKING_COLUMNS,
  booking_legs: BOOKING_LEG_COLUMNS,
  events: EVENT_COLUMNS,
  background_checks: BACKGROUND_CHECK_COLUMNS,
  meta: ["key", "value"],
} as const;

/** Refuses a size, seed or events instant the generator does not take, before anything is written. */
export function checkDemoWarehouseOptions(size: number, seed: number, eventsUntil?: Date): void {
  if (
    eventsUntil !== undefined &&
    !(eventsUntil instanceof Date && Number.isFinite(eventsUntil.getTime()) && eventsUntil.getTime() > EVENTS_WINDOW * 1000)
  ) {
    throw new RangeError(`demo warehouse eventsUntil must be a valid date, got ${String(eventsUntil)}`);
  }
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_DEMO_SIZE) {
    throw new RangeError(`demo warehouse size must be an integer between 1 and ${MAX_DEMO_SIZE}, got ${size}`);
  }
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw new RangeError(`demo warehouse seed must be an integer between 0 and ${0xffff_ffff}, got ${seed}`);
  }
}

/**
 * The demo warehouse's rows, in chunks, independent of the engine they are written to, so the SQLite file and a
 * PostgreSQL warehouse built from the same seed and size hold identical rows. The first chunk's `total` (in `units`
 * of the returned plan) is known before any row is generated. Legs reference bookings and people yielded after them:
 * writers defer their constraints.
 */
export function demoWarehouseRows(
  size: number,
  seed: number,
  opts: { eventsUntil?: Date } = {},
): { total: number; chunks: Generator<DemoWarehouseChunk, DemoWarehouseCounts> } {
  const generatedAt = GENERATED_AT_BASE + (mix32(seed ^ 0x9e3779b9) % (90 * DAY));
  const eventsUntil = opts.eventsUntil ? Math.floor(opts.eventsUntil.getTime() / 1000) : generatedAt;
  const taxYear = new Date(generatedAt * 1000).getUTCFullYear() - 1;
  const taxYearStart = Date.UTC(taxYear, 0, 1) / 1000;
  const taxYearEnd = Date.UTC(taxYear + 1, 0, 1) / 1000;
  const ids = {
    person: idFactory("usr_", seed, 1),
    booking: idFactory("lbg_", seed, 2),
    leg: idFactory("leg_", seed, 3),
    check: idFactory("bgc_", seed, 4),
    event: idFactory("evt_", seed, 5),
    session: idFactory("ses_", seed, 6),
  };

  // Pass 1: the attributes bookings depend on, in typed arrays (about 20 bytes a person, not an object each).
  const skeleton = new Mulberry32(deriveSeed(seed, 1));
  const roleOf = new Uint8Array(size);
  const cityOf = new Uint8Array(size);
  const createdOf = new Uint32Array(size);
  const roleTable = weightedTable(PERSON_ROLES.map((r) => ROLE_WEIGHTS[r]));
  const cityTable = weightedTable(DEMO_CITIES.map((c) => c.weight));
  for (let i = 0; i < size; i++) {
    roleOf[i] = roleTable(skeleton.next());
    cityOf[i] = cityTable(skeleton.next());
    // Skewed towards recent sign-ups: the marketplace grows.
    createdOf[i] = generatedAt - Math.floor(skeleton.next() ** 1.5 * 4 * YEAR) - 1;
  }
  const buckets = bucketByCityAndRole(roleOf, cityOf);
  const buyers = buckets.byRole[BUYER];
  const availableLegRoles = LEG_ROLE_WEIGHTS.map((w, role) => (buckets.byRole[role].length > 0 ? w : 0));
  const hasSuppliers = availableLegRoles.some((w) => w > 0);
  const bookingCount = buyers.length > 0 && hasSuppliers ? Math.floor(size / 2) : 0;

  function* chunks(): Generator<DemoWarehouseChunk, DemoWarehouseCounts> {
    // Pass 2: bookings and legs; suppliers' 1099 payouts accumulate as their legs are written.
    const payoutOf = new Float64Array(size);
    // A person's latest booking (as buyer or supplier), which their booking.viewed and message.sent events point at.
    const lastBookingOf = new Int32Array(size).fill(-1);
    const market = new Mulberry32(deriveSeed(seed, 2));
    const legCountTable = weightedTable(LEG_COUNT_WEIGHTS);
    let legCount = 0;
    const maxLegs = availableLegRoles.filter((w) => w > 0).length;
    const roleWeights = availableLegRoles.slice();
    for (let from = 0; from < bookingCount; from += CHUNK_ROWS) {
      const to = Math.min(from + CHUNK_ROWS, bookingCount);
      const bookingRows: unknown[][] = [];
      const legRows: unknown[][] = [];
      for (let b = from; b < to; b++) {
        const buyer = buyers[skewedIndex(buyers.length, market.next())];
        const city = market.next() < 0.85 ? cityOf[buyer] : cityTable(market.next());
        const cityId = DEMO_CITIES[city].id;
        const earliest = Math.max(createdOf[buyer], generatedAt - BOOKING_WINDOW);
        const bookedAt = earliest + Math.floor(market.next() * (generatedAt - earliest));
        const lbgId = ids.booking(b);
        // Distinct roles per booking (a model, a photographer, a studio…), so suppliers never repeat within one.
        for (let r = 0; r < roleWeights.length; r++) roleWeights[r] = availableLegRoles[r];
        const legs = Math.min(legCountTable(market.next()) + 1, maxLegs);
        let sum = 0;
        for (let l = 0; l < legs; l++) {
          const role = weightedPick(roleWeights, market.next());
          roleWeights[role] = 0;
          const local = buckets.get(city, role);
          const pool = local.length > 0 ? local : buckets.byRole[role];
          const supplier = pool[skewedIndex(pool.length, market.next())];
          const [low, high] = HOURLY_RATE_CENTS[role];
          // A supplier's rate is a property of the supplier, not of the booking.
          const rate = roundTo(low + (mix32(supplier ^ seed) % (high - low)), 500);
          const hours = 2 + market.int(9);
          const amount = rate * hours;
          const startsAt = alignToHour(bookedAt + (1 + market.int(45)) * DAY + market.int(DAY));
          legRows.push([ids.leg(legCount++), lbgId, ids.person(supplier), PERSON_ROLES[role], cityId, amount, CURRENCY, iso(startsAt)]);
          lastBookingOf[supplier] = b;
          if (startsAt >= taxYearStart && startsAt < taxYearEnd) {
            payoutOf[supplier] += Math.round(amount * (1 - PLATFORM_TAKE_RATE));
          }
          sum += amount;
        }
        bookingRows.push([lbgId, ids.person(buyer), cityId, iso(bookedAt), sum + Math.round(sum * BUYER_SERVICE_FEE_RATE), CURRENCY]);
        lastBookingOf[buyer] = b;
      }
      yield { table: "booking_legs", rows: legRows, units: 0 };
      yield { table: "bookings", rows: bookingRows, units: to - from };
    }

    // Pass 3: the people themselves, and the background checks ordered for them (a stream of its own, so the people's
    // values are those of a warehouse without checks).
    const persona = new Mulberry32(deriveSeed(seed, 3));
    const vetting = new Mulberry32(deriveSeed(seed, 5));
    let checkCount = 0;
    const emailLocals = FIRST_NAMES.map(asciiLocalPart);
    const emailLasts = LAST_NAMES.map(asciiLocalPart);
    const firstNameKeys = FIRST_NAMES.map(toSearchKey);
    const lastNameKeys = LAST_NAMES.map(toSearchKey);
    for (let from = 0; from < size; from += CHUNK_ROWS) {
      const to = Math.min(from + CHUNK_ROWS, size);
      const rows: unknown[][] = [];
      const checkRows: unknown[][] = [];
      for (let i = from; i < to; i++) {
        const role = roleOf[i];
        const city = DEMO_CITIES[cityOf[i]];
        const firstIndex = persona.int(FIRST_NAMES.length);
        const lastIndex = persona.int(LAST_NAMES.length);
        const fullName = `${FIRST_NAMES[firstIndex]} ${LAST_NAMES[lastIndex]}`;
        const email = makeEmail(emailLocals[firstIndex], emailLasts[lastIndex], persona);
        const postalCode = pad(city.zipFrom + persona.int(city.zipTo - city.zipFrom + 1), 5);
        // 555-01XX is the range reserved for fiction, so no generated number can ring a real person.
        const phone = `+1${city.areaCodes[persona.int(city.areaCodes.length)]}5550${100 + persona.int(100)}`;
        const street = `${1 + persona.int(9_899)} ${STREET_NAMES[persona.int(STREET_NAMES.length)]} ${STREET_SUFFIXES[persona.int(STREET_SUFFIXES.length)]}`;
        const streetAddress = persona.next() < 0.3 ? `${street}, Apt ${1 + persona.int(40)}${"ABCD"[persona.int(4)]}` : street;
        const ageSeconds = 18 * YEAR + Math.floor(persona.next() ** 1.8 * 52 * YEAR) + persona.int(YEAR);
        const dateOfBirth = iso(generatedAt - ageSeconds).slice(0, 10);
        // Area numbers 900-999 are never issued as SSNs: unmistakably fake.
        const tin = `${900 + persona.int(100)}-${pad(1 + persona.int(99), 2)}-${pad(1 + persona.int(9_999), 4)}`;
        let checkStatus = "not_required";
        let checkRef: string | null = null;
        if (role !== BUYER) {
          const r = persona.next();
          checkStatus = r < 0.82 ? "clear" : r < 0.87 ? "consider" : "pending";
          // A pending check may not have been ordered from the vendor yet.
          if (checkStatus !== "pending" || persona.next() < 0.6) checkRef = ids.check(i);
        }
        if (checkRef !== null) {
          const vendor = CHECK_VENDORS[vetting.int(CHECK_VENDORS.length)];
          // Completed a few days after sign-up (never after the warehouse's "now"); a pending one is still at the vendor.
          const completedAt = Math.min(createdOf[i] + DAY + vetting.int(14 * DAY), generatedAt - 1);
          checkRows.push([checkRef, ids.person(i), checkStatus, vendor, checkStatus === "pending" ? null : iso(completedAt), city.state]);
          checkCount++;
        }
        rows.push([
          ids.person(i),
          PERSON_ROLES[role],
          fullName,
          email,
          city.name,
          city.state,
          phone,
          streetAddress,
          postalCode,
          dateOfBirth,
          tin,
          payoutOf[i],
          CURRENCY,
          checkStatus,
          checkRef,
          iso(createdOf[i]),
          firstNameKeys[firstIndex] + " " + lastNameKeys[lastIndex],
          lastNameKeys[lastIndex],
        ]);
      }
      yield { table: "people", rows, units: to - from };
      yield { table: "background_checks", rows: checkRows, units: 0 };
    }

    // Pass 4: raw events in the 180 days before eventsUntil, in sessions; none before the person signed up.
    const activity = new Mulberry32(deriveSeed(seed, 4));
    const platformTable = weightedTable(PLATFORM_WEIGHTS);
    const nameWeights = EVENT_NAME_WEIGHTS.slice();
    let eventCount = 0;
    let sessionCount = 0;
    for (let from = 0; from < size; from += CHUNK_ROWS) {
      const to = Math.min(from + CHUNK_ROWS, size);
      const rows: unknown[][] = [];
      for (let i = from; i < to; i++) {
        const sessions = activity.int(SESSIONS_PER_PERSON);
        const earliest = Math.max(createdOf[i] + 1, eventsUntil - EVENTS_WINDOW);
        // The last hour stays empty, so a session's events (minutes apart) all end before eventsUntil.
        const latest = eventsUntil - 3600;
        if (sessions === 0 || latest <= earliest) continue;
        const city = DEMO_CITIES[cityOf[i]];
        const booking = lastBookingOf[i] >= 0 ? ids.booking(lastBookingOf[i]) : null;
        nameWeights[3] = booking ? EVENT_NAME_WEIGHTS[3] : 0;
        nameWeights[4] = booking ? EVENT_NAME_WEIGHTS[4] : 0;
        for (let s = 0; s < sessions; s++) {
          const sessionId = ids.session(sessionCount++);
          const platform = EVENT_PLATFORMS[platformTable(activity.next())];
          let at = earliest + activity.int(latest - earliest);
          const events = 1 + activity.int(EVENTS_PER_SESSION);
          for (let e = 0; e < events; e++) {
            const name = e === 0 ? 0 : weightedPick(nameWeights, activity.next());
            const lbgId = name >= 3 ? booking : null;
            rows.push([ids.event(eventCount++), EVENT_NAMES[name], iso(at), ids.person(i), lbgId, city.id, city.state, platform, sessionId]);
            at += 5 + activity.int(600);
          }
        }
      }
      yield { table: "events", rows, units: 0 };
    }

    const meta: Record<string, string | number> = {
      schema_version: WAREHOUSE_SCHEMA_VERSION,
      seed,
      size,
      generated_at: iso(generatedAt),
      payout_1099_tax_year: taxYear,
      people: size,
      bookings: bookingCount,
      booking_legs: legCount,
      events: eventCount,
      background_checks: checkCount,
      events_until: iso(eventsUntil),
    };
    yield { table: "meta", rows: Object.entries(meta).map(([key, value]) => [key, String(value)]), units: 0 };
    return { people: size, bookings: bookingCount, legs: legCount, events: eventCount, backgroundChecks: checkCount };
  }

  return { total: size + bookingCount, chunks: chunks() };
}

function populate(
  db: Database.Database,
  size: number,
  seed: number,
  eventsUntil: Date | undefined,
  onProgress: GenerateDemoWarehouseOptions["onProgress"],
): DemoWarehouseCounts {
  const inserts = Object.fromEntries(
    Object.entries(WAREHOUSE_COLUMN_ORDER).map(([table, columns]) => [
      table,
      db.prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`),
    ]),
  ) as Record<DemoWarehouseChunk["table"], Database.Statement>;
  const write = db.transaction((chunk: DemoWarehouseChunk) => {
    const insert = inserts[chunk.table];
    for (const row of chunk.rows) insert.run(row);
  });
  const { total, chunks } = demoWarehouseRows(size, seed, { eventsUntil });
  let done = 0;
  for (;;) {
    const next = chunks.next();
    if (next.done) return next.value;
    write(next.value);
    if (next.value.units > 0) {
      done += next.value.units;
      onProgress?.(done, total);
    }
  }
}

/** mulberry32: tiny, fast, and good enough for synthetic data; not for anything secret. */
class Mulberry32 {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** murmur3's finalizer: a bijective 32-bit mix. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Independent streams per pass, so changing one pass never shifts the random numbers another pass sees. */
function deriveSeed(seed: number, stream: number): number {
  return mix32(mix32(seed) ^ Math.imul(stream, 0x9e3779b9));
}

const ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lowercase
const MASK30 = 0x3fff_ffff;

/**
 * Opaque ids: a 4-round Feistel network is a bijection on 60 bits, so distinct indexes give distinct ids with no
 * lookup table, while neighbouring rows get unrelated-looking ids.
 */
function idFactory(prefix: string, seed: number, namespace: number): (index: number) => string {
  const keys = [1, 2, 3, 4].map((round) => deriveSeed(seed, namespace * 16 + round));
  return (index) => {
    let left = Math.floor(index / 2 ** 30) & MASK30;
    let right = index & MASK30;
    for (const key of keys) {
      const next = (left ^ mix32(right ^ key)) & MASK30;
      left = right;
      right = next;
    }
    return prefix + base32(left) + base32(right);
  };
}

function base32(value30: number): string {
  let out = "";
  for (let shift = 25; shift >= 0; shift -= 5) out += ID_ALPHABET[(value30 >>> shift) & 31];
  return out;
}

/** Returns a picker mapping a uniform [0, 1) draw to an index with probability proportional to its weight. */
function weightedTable(weights: readonly number[]): (u: number) => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  return (u) => {
    const x = u * sum;
    for (let i = 0; i < cumulative.length; i++) if (x < cumulative[i]) return i;
    return cumulative.length - 1;
  };
}

/** One-off weighted pick over weights that change between calls (zero weight = excluded). */
function weightedPick(weights: readonly number[], u: number): number {
  let sum = 0;
  for (const w of weights) sum += w;
  let x = u * sum;
  let last = 0;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] <= 0) continue;
    if (x < weights[i]) return i;
    x -= weights[i];
    last = i;
  }
  return last;
}

/** Popularity skew: the first entries of a pool get most of the picks, like real repeat customers and star suppliers. */
function skewedIndex(length: number, u: number): number {
  return Math.min(length - 1, Math.floor(u * u * length));
}

function bucketByCityAndRole(roleOf: Uint8Array, cityOf: Uint8Array) {
  const roles = PERSON_ROLES.length;
  const keyOf = (city: number, role: number) => city * roles + role;
  const bucketCount = DEMO_CITIES.length * roles;
  const starts = new Int32Array(bucketCount + 1);
  for (let i = 0; i < roleOf.length; i++) starts[keyOf(cityOf[i], roleOf[i]) + 1]++;
  for (let k = 0; k < bucketCount; k++) starts[k + 1] += starts[k];
  const members = new Int32Array(roleOf.length);
  const fill = starts.slice(0, bucketCount);
  for (let i = 0; i < roleOf.length; i++) members[fill[keyOf(cityOf[i], roleOf[i])]++] = i;

  const byRole = PERSON_ROLES.map((_, role) => {
    const all: number[] = [];
    for (let i = 0; i < roleOf.length; i++) if (roleOf[i] === role) all.push(i);
    return Int32Array.from(all);
  });
  return {
    byRole,
    get: (city: number, role: number) => members.subarray(starts[keyOf(city, role)], starts[keyOf(city, role) + 1]),
  };
}

function makeEmail(first: string, last: string, rng: Mulberry32): string {
  const style = rng.int(4);
  const local = style === 0 ? `${first}.${last}` : style === 1 ? `${first[0] ?? "x"}${last}` : style === 2 ? `${first}${last}` : `${first}_${last}`;
  const suffix = rng.next() < 0.7 ? String(rng.int(10_000)) : "";
  return `${local}${suffix}@${EMAIL_DOMAINS[rng.int(EMAIL_DOMAINS.length)]}`;
}

/** "José" → "jose", "O'Brien" → "obrien": mailbox names stay plain ASCII. */
function asciiLocalPart(name: string): string {
  return toSearchKey(name).replace(/[^a-z0-9]/g, "");
}

function iso(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 19) + "Z";
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function roundTo(n: number, step: number): number {
  return Math.round(n / step) * step;
}

function alignToHour(epochSeconds: number): number {
  return epochSeconds - (epochSeconds % 3600);
}

/** Deletes build files left by crashed runs (their pid is gone); builds of live processes are left alone. */
function removeOrphanBuilds(target: string): void {
  const pattern = new RegExp(`^${escapeRegExp(path.basename(target))}\\.tmp-(\\d+)-[0-9a-f]+$`);
  for (const name of readdirSync(path.dirname(target))) {
    const match = pattern.exec(name);
    if (match && !isProcessAlive(Number(match[1]))) removeDatabaseFiles(path.join(path.dirname(target), name));
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
}

function fsyncPath(p: string): void {
  const fd = openSync(p, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
