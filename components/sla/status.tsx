// How an SLA status reads: a dot, a label and a tone, so colour is never the only signal.
import { SLA_STATUS_LABELS, type SlaStatus } from "@/lib/sla/types";
import { cn } from "@/components/ui/cn";

// Text shades are the 700/800 steps so every pair passes WCAG AA on its tint; cells use the 400–600 fills.
export const STATUS_STYLES: Record<SlaStatus, { badge: string; dot: string; cell: string; border: string }> = {
  ok: { badge: "bg-emerald-50 text-emerald-800 ring-emerald-200", dot: "bg-emerald-500", cell: "bg-emerald-400", border: "border-slate-200" },
  warn: { badge: "bg-amber-50 text-amber-800 ring-amber-200", dot: "bg-amber-500", cell: "bg-amber-400", border: "border-amber-300" },
  breach: { badge: "bg-red-50 text-red-700 ring-red-200", dot: "bg-red-600", cell: "bg-red-600", border: "border-red-300" },
  no_data: { badge: "bg-slate-100 text-slate-700 ring-slate-300/70", dot: "bg-slate-400", cell: "bg-slate-200", border: "border-slate-200" },
};

export function SlaStatusBadge({ status, className }: { status: SlaStatus; className?: string }) {
  const s = STATUS_STYLES[status];
  return (
    <span
      data-sla-status={status}
      className={cn(
        "inline-flex h-5 shrink-0 items-center gap-1.5 whitespace-nowrap rounded-full px-2 text-xs font-medium ring-1 ring-inset",
        s.badge,
        className,
      )}
    >
      <span aria-hidden="true" className={cn("size-1.5 rounded-full", s.dot)} />
      {SLA_STATUS_LABELS[status]}
    </span>
  );
}

/** `key@version` as a monospace chip: what tiles and dashboards reference (seed §5.0 D). */
export function SlaRefChip({ refText, className }: { refText: string; className?: string }) {
  return (
    <code
      data-sla-ref={refText}
      className={cn("inline-flex h-5 items-center rounded bg-slate-100 px-1.5 font-mono text-[11px] text-slate-700", className)}
    >
      {refText}
    </code>
  );
}
