// URL search params are the table state (CONVENTIONS §8). These pure helpers build table links on the server
// (pagination hrefs in a page) and on the client (sort links in DataTable) with the same parameter names.

/** The parameter names every table uses. Pages validate them with zod; DataTable writes them. */
export const TABLE_PARAMS = { sort: "sort", dir: "dir", cursor: "cursor" } as const;

/** A page's `await searchParams`, or URLSearchParams from the browser. */
export type SearchParamsInput = Record<string, string | string[] | undefined> | URLSearchParams;

/**
 * The current URL with some params replaced. `null`/`undefined` in the patch removes a param.
 * tableHref("/ledger", { actor: "usr_1", cursor: "abc" }, { cursor: "def" }) → "/ledger?actor=usr_1&cursor=def"
 */
export function tableHref(pathname: string, current: SearchParamsInput, patch: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams();
  const entries: Iterable<[string, string | string[] | undefined]> = current instanceof URLSearchParams ? current.entries() : Object.entries(current);
  for (const [key, value] of entries) {
    if (key in patch || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  for (const [key, value] of Object.entries(patch)) {
    if (value !== null && value !== undefined) params.set(key, value);
  }
  const qs = params.toString();
  return qs ? `${pathname}?${qs}` : pathname;
}

/** A sort change always returns to the first page: a cursor from another order means nothing. */
export function sortHref(pathname: string, current: SearchParamsInput, columnId: string, desc: boolean): string {
  return tableHref(pathname, current, {
    [TABLE_PARAMS.sort]: columnId,
    [TABLE_PARAMS.dir]: desc ? "desc" : "asc",
    [TABLE_PARAMS.cursor]: null,
  });
}

/** One search param as a string (the first when repeated), "" when absent. */
export function firstParam(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** The entry of `choices` a search param names, or undefined: own keys only, so `?notice=__proto__` names nothing. */
export function pickParam<T>(choices: Readonly<Record<string, T>>, value: string | string[] | undefined): T | undefined {
  const key = firstParam(value);
  return Object.hasOwn(choices, key) ? choices[key] : undefined;
}
