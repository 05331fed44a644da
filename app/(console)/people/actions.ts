"use server";
// People search and opening a record: POSTed (server actions), so a name or a purpose never travels in a URL.
// Each success stores the gated result as a short-lived snapshot and redirects to an address that names only
// its opaque id; each failure answers with its HTTP status (403, 404, 422, 503) and the form's messages.
import { redirect } from "next/navigation";
import { loadViewSnapshot, saveViewSnapshot } from "@/lib/access/view-snapshots";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import { getPerson } from "@/lib/people/get-person";
import { searchPeople } from "@/lib/people/search-people";
import type { PersonRecordSnapshot, SearchSnapshot } from "@/lib/people/snapshots";
import type { OpenRecordFormState, SearchFormState } from "./form-state";

const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");

export async function searchAction(_prev: SearchFormState, formData: FormData): Promise<SearchFormState> {
  const query = text(formData.get("query")).slice(0, 1000);
  const purpose = text(formData.get("purpose")).slice(0, 1000);
  let snapshotId: string;
  try {
    const user = await requireUser();
    await requirePermission(user, "people.search");
    const result = await searchPeople(user, { query, purpose }, await currentRequestMeta());
    const snapshot: SearchSnapshot = { query: query.trim(), purpose: purpose.trim(), result };
    snapshotId = await saveViewSnapshot(user.id, "people.search", result.ledgerSeq, snapshot);
  } catch (err) {
    const failure = formFailure(err, ["query", "purpose"]);
    setResponseStatus(failure.status);
    return { query, purpose, errors: failure.fieldErrors, alert: failure.alert };
  }
  redirect(`/people?s=${snapshotId}`);
}

export async function openRecordAction(_prev: OpenRecordFormState, formData: FormData): Promise<OpenRecordFormState> {
  const personId = text(formData.get("personId")).slice(0, 200);
  const from = text(formData.get("from")).slice(0, 100);
  let purpose = text(formData.get("purpose")).slice(0, 1000);
  let target: string;
  try {
    const user = await requireUser();
    await requirePermission(user, "people.read");
    // Opened from search results: the search's purpose carries over (read server-side, never from the URL).
    if (!purpose && from) {
      purpose = (await loadViewSnapshot<SearchSnapshot>(user.id, "people.search", from))?.value.purpose ?? "";
    }
    const result = await getPerson(user, { personId, purpose }, await currentRequestMeta());
    const snapshot: PersonRecordSnapshot = { purpose: purpose.trim(), result };
    const id = await saveViewSnapshot(user.id, "people.record", result.ledgerSeq, snapshot);
    target = `/people/${encodeURIComponent(result.rows[0].id)}?v=${id}${from ? `&from=${encodeURIComponent(from)}` : ""}`;
  } catch (err) {
    const failure = formFailure(err, ["purpose"]);
    setResponseStatus(failure.status);
    return { purpose, errors: failure.fieldErrors, alert: failure.alert };
  }
  redirect(target);
}
