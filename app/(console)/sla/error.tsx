"use client";
// The SLA screens' error boundary: the figures could not be computed. Says so inside the console's frame, offers a
// retry, and shows the digest (which matches the server log line) but never the message.
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export default function SlaError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <div className="mx-auto max-w-xl py-10">
      <Alert variant="error" title="The SLA figures could not be loaded">
        Try again in a moment. If it keeps failing, give this reference to an administrator: {digest ?? "none"}.
      </Alert>
      <Button variant="primary" className="mt-4" onClick={() => retry()}>
        Try again
      </Button>
    </div>
  );
}
