// The demo warehouse's tables on PostgreSQL: the same columns, constraints and indexes as schema.ts (SQLite), and how a
// WAREHOUSE_URL names the schema that holds them.
import { BACKGROUND_CHECK_ROW_STATUSES, BACKGROUND_CHECK_STATUSES, EVENT_PLATFORMS, PERSON_ROLES, SUPPLIER_ROLES } from "./schema";

/** The schema the demo warehouse lives in unless the URL says `?schema=`; never `public`, so a rebuild cannot drop the console's tables. */
export const DEFAULT_PG_WAREHOUSE_SCHEMA = "warehouse";

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Splits `postgresql://…?schema=name` into the driver's connection string and the schema (validated: it is spliced into SQL). */
export function parsePgWarehouseUrl(url: string): { connectionString: string; schema: string } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? DEFAULT_PG_WAREHOUSE_SCHEMA;
  if (!SCHEMA_NAME.test(schema)) throw new Error(`WAREHOUSE_URL: schema must be a lower-case SQL identifier, got ${JSON.stringify(schema)}`);
  parsed.searchParams.delete("schema");
  return { connectionString: parsed.toString(), schema };
}

const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(", ");

// Every text column is COLLATE "C": comparisons, ranges and ORDER BY then follow code points (UTF-8 bytes), as SQLite's
// BINARY collation does, so both connectors return the same rows in the same order and the indexes serve those orders.
// No constraints yet: they are added after COPY (see pgWarehouseConstraintsDdl), because legs precede their bookings.
export function pgWarehouseTableDdl(schema: string): string {
  const t = `text COLLATE "C"`;
  return `
CREATE TABLE "${schema}".meta (
  key   ${t} NOT NULL,
  value ${t} NOT NULL
);
CREATE TABLE "${schema}".people (
  person_id               ${t} NOT NULL,
  role                    ${t} NOT NULL,
  full_name               ${t} NOT NULL,
  email                   ${t} NOT NULL,
  city                    ${t} NOT NULL,
  state                   ${t} NOT NULL,
  phone                   ${t} NOT NULL,
  street_address          ${t} NOT NULL,
  postal_code             ${t} NOT NULL,
  date_of_birth           ${t} NOT NULL,
  tin                     ${t} NOT NULL,
  payout_1099_cents       bigint NOT NULL,
  payout_currency         ${t} NOT NULL,
  background_check_status ${t} NOT NULL,
  background_check_ref    ${t},
  created_at              ${t} NOT NULL,
  name_search             ${t} NOT NULL,
  last_name_search        ${t} NOT NULL
);
CREATE TABLE "${schema}".bookings (
  lbg_id      ${t} NOT NULL,
  buyer_id    ${t} NOT NULL,
  city_id     ${t} NOT NULL,
  booked_at   ${t} NOT NULL,
  total_cents bigint NOT NULL,
  currency    ${t} NOT NULL
);
CREATE TABLE "${schema}".booking_legs (
  booking_leg_id ${t} NOT NULL,
  lbg_id         ${t} NOT NULL,
  person_id      ${t} NOT NULL,
  leg_role       ${t} NOT NULL,
  city_id        ${t} NOT NULL,
  amount_cents   bigint NOT NULL,
  currency       ${t} NOT NULL,
  starts_at      ${t} NOT NULL
);
CREATE TABLE "${schema}".events (
  event_id    ${t} NOT NULL,
  event_name  ${t} NOT NULL,
  occurred_at ${t} NOT NULL,
  person_id   ${t} NOT NULL,
  lbg_id      ${t},
  city_id     ${t} NOT NULL,
  state       ${t} NOT NULL,
  platform    ${t} NOT NULL,
  session_id  ${t} NOT NULL
);
CREATE TABLE "${schema}".background_checks (
  check_id     ${t} NOT NULL,
  person_id    ${t} NOT NULL,
  status       ${t} NOT NULL,
  vendor       ${t} NOT NULL,
  completed_at ${t},
  state        ${t} NOT NULL
);
`;
}

/** Keys, checks, foreign keys and the search indexes of schema.ts, built once over the loaded rows. */
export function pgWarehouseConstraintsDdl(schema: string): string {
  const s = `"${schema}"`;
  return `
ALTER TABLE ${s}.meta ADD PRIMARY KEY (key);
ALTER TABLE ${s}.people ADD PRIMARY KEY (person_id),
  ADD CHECK (role IN (${sqlList(PERSON_ROLES)})),
  ADD CHECK (payout_1099_cents >= 0),
  ADD CHECK (background_check_status IN (${sqlList(BACKGROUND_CHECK_STATUSES)}));
ALTER TABLE ${s}.bookings ADD PRIMARY KEY (lbg_id),
  ADD CHECK (total_cents >= 0);
ALTER TABLE ${s}.booking_legs ADD PRIMARY KEY (booking_leg_id),
  ADD CHECK (leg_role IN (${sqlList(SUPPLIER_ROLES)})),
  ADD CHECK (amount_cents >= 0);
ALTER TABLE ${s}.bookings ADD FOREIGN KEY (buyer_id) REFERENCES ${s}.people (person_id);
ALTER TABLE ${s}.booking_legs ADD FOREIGN KEY (lbg_id) REFERENCES ${s}.bookings (lbg_id),
  ADD FOREIGN KEY (person_id) REFERENCES ${s}.people (person_id);
CREATE INDEX people_name_search ON ${s}.people (name_search, person_id);
CREATE INDEX people_last_name_search ON ${s}.people (last_name_search, name_search, person_id);
CREATE INDEX bookings_buyer_id ON ${s}.bookings (buyer_id);
CREATE INDEX booking_legs_lbg_id ON ${s}.booking_legs (lbg_id);
CREATE INDEX booking_legs_person_id ON ${s}.booking_legs (person_id);
ALTER TABLE ${s}.events ADD PRIMARY KEY (event_id),
  ADD CHECK (platform IN (${sqlList(EVENT_PLATFORMS)})),
  ADD FOREIGN KEY (person_id) REFERENCES ${s}.people (person_id),
  ADD FOREIGN KEY (lbg_id) REFERENCES ${s}.bookings (lbg_id);
ALTER TABLE ${s}.background_checks ADD PRIMARY KEY (check_id),
  ADD CHECK (status IN (${sqlList(BACKGROUND_CHECK_ROW_STATUSES)})),
  ADD FOREIGN KEY (person_id) REFERENCES ${s}.people (person_id);
CREATE INDEX events_occurred_at ON ${s}.events (occurred_at);
CREATE INDEX events_person_id ON ${s}.events (person_id);
CREATE INDEX events_lbg_id ON ${s}.events (lbg_id);
CREATE INDEX background_checks_person_id ON ${s}.background_checks (person_id);
CREATE INDEX background_checks_completed_at ON ${s}.background_checks (completed_at);
`;
}
