"use client";
// Error boundary for every route under the root layout. Says something went wrong and offers a retry; shows the
// digest (which matches the server log line) but never the message or stack, which may carry internal detail.
import { useEffect } from "react";
import { Button } from "@/components/ui/button";

function digestOf(error: unknown): string | null {
  if (typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string") {
    return error.digest;
  }
  return null;
}

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = digestOf(error);

  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div id="main-content" role="alert" className="mx-auto flex max-w-lg flex-col items-center px-6 py-16 text-center">
      <span aria-hidden="true" className="mb-4 flex size-10 items-center justify-center rounded-full bg-red-50 text-red-600">
        <svg viewBox="0 0 20 20" className="size-5" fill="currentColor">
          <path
            fillRule="evenodd"
            clipRule="evenodd"
            d="M10.87 2.5a1 1 0 0 0-1.74 0l-7 12.5A1 1 0 0 0 3 16.5h14a1 1 0 0 0 .87-1.5l-7-12.5ZM9.25 7h1.5v4.5h-1.5V7Zm0 5.75h1.5v1.5h-1.5v-1.5Z"
          />
        </svg>
      </span>
      <h1 className="text-xl font-semibold tracking-tight text-slate-900">Something went wrong</h1>
      <p className="mt-2 text-sm text-slate-600">
        Warden could not finish this request. Try again, and if it keeps happening, send the reference below to the platform team.
      </p>
      {digest ? (
        <p className="mt-4 text-xs text-slate-600">
          Reference <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-800">{digest}</code>
        </p>
      ) : null}
      <Button variant="primary" className="mt-6" onClick={() => retry()}>
        Try again
      </Button>
    </div>
  );
}
