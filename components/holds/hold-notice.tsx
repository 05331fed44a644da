// The person page's notice that a person's records are under legal hold, and by which matters (shown to holds.read).
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import type { SubjectHold } from "@/lib/holds/subject-holds";

export function HoldNotice({ holds }: { holds: readonly SubjectHold[] }) {
  if (holds.length === 0) return null;
  const matters = [...new Map(holds.map((h) => [h.matterId, h.matterName])).entries()];
  return (
    <Alert variant="warning" title="Under legal hold" className="mb-4">
      <span data-testid="hold-notice">
        {matters.map(([id, name], i) => (
          <span key={id}>
            {i > 0 ? ", " : ""}
            <Link href={`/holds/${id}`}>{name}</Link>
          </span>
        ))}
        . The nightly purge keeps this person&apos;s records while {holds.length === 1 ? "the hold is" : "the holds are"} active.
      </span>
    </Alert>
  );
}
