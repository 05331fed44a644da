// The Warden mark: an inline shield (no external assets) and the name.
import { cn } from "@/components/ui/cn";

export function ShieldMark({ className }: { className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className={cn("size-6 shrink-0", className)}>
      <path d="M12 2.25 4.5 5.1v5.95c0 4.6 3.17 8.62 7.5 9.7 4.33-1.08 7.5-5.1 7.5-9.7V5.1L12 2.25Z" className="fill-indigo-600" />
      <path d="m8.75 12.1 2.3 2.3 4.2-4.65" fill="none" stroke="white" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function Wordmark({ className }: { className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2", className)}>
      <ShieldMark />
      <span className="text-base font-semibold tracking-tight text-slate-900">Warden</span>
    </span>
  );
}
