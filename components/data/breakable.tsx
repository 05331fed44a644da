// Long identifiers (emails, event names, resource names) with line-break opportunities after their separators, so a
// narrow column wraps them at a readable point ("analyst@" / "warden.test") instead of overflowing its pane or
// breaking mid-word. <wbr> adds no characters: selecting and copying still yields the exact value.
import type { ReactNode } from "react";

/** `after`: the characters a line may break after (default `@:./`; an email reads best split only after "@"). */
export function Breakable({ text, after = "@:./" }: { text: string; after?: string }) {
  const parts: ReactNode[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (after.includes(text[i])) {
      parts.push(text.slice(start, i + 1), <wbr key={i} />);
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return <>{parts}</>;
}
