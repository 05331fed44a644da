// While the SLA figures are computed: the page's frame with placeholder tiles, so the layout does not jump.
export default function SlaLoading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <p className="sr-only">Loading the SLA figures…</p>
      <div className="mb-6 h-8 w-40 animate-pulse rounded bg-slate-200" />
      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3 2xl:grid-cols-4" aria-hidden="true">
        {Array.from({ length: 6 }, (_, i) => (
          <li key={i} className="h-56 animate-pulse rounded-lg border border-slate-200 bg-white" />
        ))}
      </ul>
    </div>
  );
}
