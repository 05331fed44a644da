// An unknown person id (the attempt itself was still recorded in the ledger).
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export default function PersonNotFound() {
  return (
    <EmptyState
      title="No person with that id"
      description="Check the id, or search by name. The look-up was recorded in the access ledger."
      action={
        <Link href="/people" className="text-indigo-700 hover:underline">
          Back to People
        </Link>
      }
    />
  );
}
