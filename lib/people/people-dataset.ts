// The people dataset as the console reads it: its catalog name and the columns each view shows.
export const PEOPLE_DATASET = { key: "marketplace.people", version: 1 } as const;

/** Search results stay compact: identity and where, nothing more. */
export const SEARCH_COLUMNS = ["person_id", "full_name", "role", "city", "state"] as const;
