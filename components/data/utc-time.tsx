// An instant as the console writes it, "2026-11-27 14:05 UTC", in a <time> carrying the machine-readable value.
import { cn } from "@/components/ui/cn";
import { formatUtc } from "./format";

/** `split` puts the date above the time, so two time columns leave room for the others. Null shows as a dash. */
export function UtcTime({ at, split, className }: { at: Date | string | null; split?: boolean; className?: string }) {
  if (at === null) return <span className="text-slate-500">—</span>;
  const iso = typeof at === "string" ? at : at.toISOString();
  const text = formatUtc(at);
  if (!split) {
    return (
      <time dateTime={iso} className={className}>
        {text}
      </time>
    );
  }
  const cut = text.indexOf(" ");
  return (
    <time dateTime={iso} className={cn("flex flex-col tabular-nums", className)}>
      <span>{text.slice(0, cut)}</span>
      <span className="text-xs text-slate-500">{text.slice(cut + 1)}</span>
    </time>
  );
}
