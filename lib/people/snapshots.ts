// What a People search or record view keeps in its sealed snapshot (lib/access/view-snapshots.ts).
import type { GatedResult } from "@/lib/access/types";
import type { PeopleSearchResult } from "./search-people";

export interface SearchSnapshot {
  /** The search form's values, shown again with the results; sealed like the rows (a name is personal data). */
  query: string;
  purpose: string;
  result: PeopleSearchResult;
}

export interface PersonRecordSnapshot {
  purpose: string;
  result: GatedResult;
}
