// Which dataset columns tolerate a keyed, meaning-preserving change (channel b of the export fingerprint, decision 025).
// One place: the build marks exactly these columns and the tracer checks exactly these. A column is listed only when the
// change cannot alter what a reader of the column is told: `timestamp_seconds` means the column is read to the minute
// (account creation, booking time), so its seconds may carry the mark.
export type Tolerance = "timestamp_seconds";

export const TOLERANT_COLUMNS: Readonly<Record<string, Readonly<Record<string, Tolerance>>>> = {
  "marketplace.people@1": { created_at: "timestamp_seconds" },
  "marketplace.bookings@1": { booked_at: "timestamp_seconds" },
  // booking_legs.starts_at is scheduled on the hour: seconds other than :00 would stand out, so it carries no mark.
};

export function toleranceOf(datasetRef: string, column: string): Tolerance | null {
  const columns = Object.hasOwn(TOLERANT_COLUMNS, datasetRef) ? TOLERANT_COLUMNS[datasetRef] : undefined;
  return columns && Object.hasOwn(columns, column) ? columns[column] : null;
}
