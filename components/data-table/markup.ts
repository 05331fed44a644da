// Escaped-by-construction markup for DataTable's string-rendered body (`cellHtml`, decision 043). Every value
// interpolated into a `markup` template is escaped unless it is itself the result of `markup`, so a cell cannot
// carry markup it did not write: the ledger's purposes, emails and ids are text written by others. (Not named
// `html`: Prettier would reformat such templates as HTML, adding whitespace inside the tags.)

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const NEEDS_ESCAPE = /[&<>"']/g;

/** Markup built by `markup`; only this type is spliced into a template unescaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(NEEDS_ESCAPE, (ch) => ESCAPES[ch]);
}

type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function part(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return value.map(part).join("");
  return escapeHtml(String(value));
}

/** A template of markup: text and attribute values interpolated into it are escaped; nested `markup` results are not;
 * null, undefined and false write nothing. Interpolate attribute values inside double quotes only. */
export function markup(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}
