// Which warehouse table holds each catalog dataset (key@version), its record id, its date column and the columns that
// the "state", "city" and "role" filters mean. Shared by every connector (SQLite, PostgreSQL) and by export previews.
import { BACKGROUND_CHECK_COLUMNS, BOOKING_COLUMNS, BOOKING_LEG_COLUMNS, EVENT_COLUMNS, PEOPLE_COLUMNS } from "./schema";

export interface WarehouseDataset {
  /** `key@version`, as the catalog and the ledger name it. */
  ref: string;
  table: "people" | "bookings" | "booking_legs" | "events" | "background_checks";
  columns: readonly string[];
  recordId: string;
  /** The column the date-range filter applies to (ISO-8601 UTC text in the demo warehouse). */
  dateColumn: string;
  filterColumns: { state?: string; city?: string; role?: string };
  /** Columns holding a person id: a subject hold covers a row where any of them is the held person. */
  subjectColumns: readonly string[];
  /** The booking-group (`lbg_id`) column, when the dataset has one. */
  bookingGroupColumn?: string;
  /** Where a record's US state comes from, for retention's state overrides: a state column, or a city id (demo cities). */
  jurisdiction: { column: string; via: "state" | "city" };
  /** Rows elsewhere that reference this dataset's records (foreign keys): a record is purged only once none is left. */
  referencedBy: readonly { table: string; column: string }[];
}

export const WAREHOUSE_DATASETS: Readonly<Record<string, WarehouseDataset>> = {
  "marketplace.people@1": {
    ref: "marketplace.people@1",
    table: "people",
    columns: PEOPLE_COLUMNS,
    recordId: "person_id",
    dateColumn: "created_at",
    filterColumns: { state: "state", city: "city", role: "role" },
    subjectColumns: ["person_id"],
    jurisdiction: { column: "state", via: "state" },
    referencedBy: [
      { table: "bookings", column: "buyer_id" },
      { table: "booking_legs", column: "person_id" },
      { table: "events", column: "person_id" },
      { table: "background_checks", column: "person_id" },
    ],
  },
  "marketplace.bookings@1": {
    ref: "marketplace.bookings@1",
    table: "bookings",
    columns: BOOKING_COLUMNS,
    recordId: "lbg_id",
    dateColumn: "booked_at",
    filterColumns: { city: "city_id" },
    subjectColumns: ["buyer_id"],
    bookingGroupColumn: "lbg_id",
    jurisdiction: { column: "city_id", via: "city" },
    referencedBy: [
      { table: "booking_legs", column: "lbg_id" },
      { table: "events", column: "lbg_id" },
    ],
  },
  "marketplace.booking_legs@1": {
    ref: "marketplace.booking_legs@1",
    table: "booking_legs",
    columns: BOOKING_LEG_COLUMNS,
    recordId: "booking_leg_id",
    dateColumn: "starts_at",
    filterColumns: { city: "city_id", role: "leg_role" },
    subjectColumns: ["person_id"],
    bookingGroupColumn: "lbg_id",
    jurisdiction: { column: "city_id", via: "city" },
    referencedBy: [],
  },
  "marketplace.events@1": {
    ref: "marketplace.events@1",
    table: "events",
    columns: EVENT_COLUMNS,
    recordId: "event_id",
    dateColumn: "occurred_at",
    filterColumns: { state: "state", city: "city_id" },
    subjectColumns: ["person_id"],
    bookingGroupColumn: "lbg_id",
    jurisdiction: { column: "state", via: "state" },
    referencedBy: [],
  },
  "marketplace.background_checks@1": {
    ref: "marketplace.background_checks@1",
    table: "background_checks",
    columns: BACKGROUND_CHECK_COLUMNS,
    recordId: "check_id",
    dateColumn: "completed_at",
    filterColumns: { state: "state" },
    subjectColumns: ["person_id"],
    jurisdiction: { column: "state", via: "state" },
    referencedBy: [],
  },
};

/**
 * Row filters on a dataset. `from`/`to` are inclusive UTC days (`YYYY-MM-DD`) on its date column; `state`, `city`,
 * `role` are exact matches on the columns `filterColumns` names (a filter the dataset lacks is refused, never ignored).
 */
export interface RowFilters {
  from?: string;
  to?: string;
  state?: string;
  city?: string;
  role?: string;
}

export function warehouseDataset(ref: string): WarehouseDataset | null {
  return Object.hasOwn(WAREHOUSE_DATASETS, ref) ? WAREHOUSE_DATASETS[ref] : null;
}

/** The day after `YYYY-MM-DD`, as the exclusive upper bound of a `to` filter. */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * A WHERE clause (without the keyword; "1=1" when empty) and its parameters for `filters` on `dataset`, with `p(i)`
 * writing the i-th (1-based) placeholder. Throws on a filter the dataset has no column for.
 */
export function filterClause(dataset: WarehouseDataset, filters: RowFilters, p: (i: number) => string): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  const add = (sql: (ph: string) => string, value: string) => {
    params.push(value);
    parts.push(sql(p(params.length)));
  };
  if (filters.from) add((ph) => `"${dataset.dateColumn}" >= ${ph}`, filters.from);
  if (filters.to) add((ph) => `"${dataset.dateColumn}" < ${ph}`, nextDay(filters.to));
  for (const key of ["state", "city", "role"] as const) {
    const value = filters[key];
    if (value === undefined) continue;
    const column = dataset.filterColumns[key];
    if (!column) throw new Error(`${dataset.ref} has no ${key} to filter on`);
    add((ph) => `"${column}" = ${ph}`, value);
  }
  return { sql: parts.length > 0 ? parts.join(" AND ") : "1=1", params };
}
