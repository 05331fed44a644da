// Schema of the SQLite demo warehouse: the governed tables' public columns and their DDL, shared by generator and connector.

/** Bumped whenever the DDL below changes shape; recorded in the warehouse's `meta` table. */
export const WAREHOUSE_SCHEMA_VERSION = 2;

/** Public columns of `people`, in table order. `name_search` / `last_name_search` are internal search keys, not data. */
export const PEOPLE_COLUMNS = [
  "person_id",
  "role",
  "full_name",
  "email",
  "city",
  "state",
  "phone",
  "street_address",
  "postal_code",
  "date_of_birth",
  "tin",
  "payout_1099_cents",
  "payout_currency",
  "background_check_status",
  "background_check_ref",
  "created_at",
] as const;

export const BOOKING_COLUMNS = ["lbg_id", "buyer_id", "city_id", "booked_at", "total_cents", "currency"] as const;

export const BOOKING_LEG_COLUMNS = ["booking_leg_id", "lbg_id", "person_id", "leg_role", "city_id", "amount_cents", "currency", "starts_at"] as const;

/** Bronze raw events (marketplace.events@1): what people did in the apps, kept briefly (decision 032). */
export const EVENT_COLUMNS = ["event_id", "event_name", "occurred_at", "person_id", "lbg_id", "city_id", "state", "platform", "session_id"] as const;

export const BACKGROUND_CHECK_COLUMNS = ["check_id", "person_id", "status", "vendor", "completed_at", "state"] as const;

export const EVENT_NAMES = ["app.opened", "search.performed", "profile.viewed", "booking.viewed", "message.sent"] as const;
export const EVENT_PLATFORMS = ["ios", "android", "web"] as const;
/** A check with a row here was ordered from the vendor; `not_required` (buyers) never has one. */
export const BACKGROUND_CHECK_ROW_STATUSES = ["clear", "consider", "pending"] as const;

export type PeopleColumn = (typeof PEOPLE_COLUMNS)[number];

export const PERSON_ROLES = ["buyer", "model", "photographer", "videographer", "creator", "studio_host"] as const;
export const SUPPLIER_ROLES = ["model", "photographer", "videographer", "creator", "studio_host"] as const;
export const BACKGROUND_CHECK_STATUSES = ["clear", "consider", "pending", "not_required"] as const;

export type PersonRole = (typeof PERSON_ROLES)[number];

const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(", ");

/** Tables only; indexes come after the bulk insert (see WAREHOUSE_INDEX_DDL) because building them once is far cheaper. */
export const WAREHOUSE_TABLE_DDL = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE people (
  person_id               TEXT PRIMARY KEY,
  role                    TEXT NOT NULL CHECK (role IN (${sqlList(PERSON_ROLES)})),
  full_name               TEXT NOT NULL,
  email                   TEXT NOT NULL,
  city                    TEXT NOT NULL,
  state                   TEXT NOT NULL,
  phone                   TEXT NOT NULL,
  street_address          TEXT NOT NULL,
  postal_code             TEXT NOT NULL,
  date_of_birth           TEXT NOT NULL,
  tin                     TEXT NOT NULL,
  payout_1099_cents       INTEGER NOT NULL CHECK (payout_1099_cents >= 0),
  payout_currency         TEXT NOT NULL,
  background_check_status TEXT NOT NULL CHECK (background_check_status IN (${sqlList(BACKGROUND_CHECK_STATUSES)})),
  background_check_ref    TEXT,
  created_at              TEXT NOT NULL,
  name_search             TEXT NOT NULL,
  last_name_search        TEXT NOT NULL
) STRICT;

CREATE TABLE bookings (
  lbg_id      TEXT PRIMARY KEY,
  buyer_id    TEXT NOT NULL REFERENCES people (person_id),
  city_id     TEXT NOT NULL,
  booked_at   TEXT NOT NULL,
  total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
  currency    TEXT NOT NULL
) STRICT;

CREATE TABLE booking_legs (
  booking_leg_id TEXT PRIMARY KEY,
  lbg_id         TEXT NOT NULL REFERENCES bookings (lbg_id),
  person_id      TEXT NOT NULL REFERENCES people (person_id),
  leg_role       TEXT NOT NULL CHECK (leg_role IN (${sqlList(SUPPLIER_ROLES)})),
  city_id        TEXT NOT NULL,
  amount_cents   INTEGER NOT NULL CHECK (amount_cents >= 0),
  currency       TEXT NOT NULL,
  starts_at      TEXT NOT NULL
) STRICT;

CREATE TABLE events (
  event_id    TEXT PRIMARY KEY,
  event_name  TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  person_id   TEXT NOT NULL REFERENCES people (person_id),
  lbg_id      TEXT REFERENCES bookings (lbg_id),
  city_id     TEXT NOT NULL,
  state       TEXT NOT NULL,
  platform    TEXT NOT NULL CHECK (platform IN (${sqlList(EVENT_PLATFORMS)})),
  session_id  TEXT NOT NULL
) STRICT;

CREATE TABLE background_checks (
  check_id     TEXT PRIMARY KEY,
  person_id    TEXT NOT NULL REFERENCES people (person_id),
  status       TEXT NOT NULL CHECK (status IN (${sqlList(BACKGROUND_CHECK_ROW_STATUSES)})),
  vendor       TEXT NOT NULL,
  completed_at TEXT,
  state        TEXT NOT NULL
) STRICT;
`;

// The events and background-check indexes serve the purge: its date cutoff, and the "still referenced?" probes that
// people and bookings make before they go (retention-clause.ts).
// (name_search, person_id) matches the search ORDER BY, so a name-prefix search reads `limit` index entries and stops;
// the last-name index carries the sort keys too, so a short last-name prefix is sorted without touching the table.
export const WAREHOUSE_INDEX_DDL = `
CREATE INDEX people_name_search ON people (name_search, person_id);
CREATE INDEX people_last_name_search ON people (last_name_search, name_search, person_id);
CREATE INDEX bookings_buyer_id ON bookings (buyer_id);
CREATE INDEX booking_legs_lbg_id ON booking_legs (lbg_id);
CREATE INDEX booking_legs_person_id ON booking_legs (person_id);
CREATE INDEX events_occurred_at ON events (occurred_at);
CREATE INDEX events_person_id ON events (person_id);
CREATE INDEX events_lbg_id ON events (lbg_id);
CREATE INDEX background_checks_person_id ON background_checks (person_id);
CREATE INDEX background_checks_completed_at ON background_checks (completed_at);
`;

/**
 * The search key stored in name_search / last_name_search and applied to queries: lower case, accents folded
 * ("José" and "jose" both become "jose"), whitespace collapsed. Generator and connector must agree on it exactly.
 */
export function toSearchKey(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

/** The shape of a person id (`usr_` + lowercase base32); anything else is not looked up as an id. */
export const PERSON_ID_PATTERN = /^usr_[0-9a-z]{4,40}$/;
