// While the SLA figures are computed: the dashboard's frame with placeholder tiles, so the layout does not jump. Only the
// dashboard has one: a streamed detail page would answer 200 before it could say 404 for an unknown key.
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
