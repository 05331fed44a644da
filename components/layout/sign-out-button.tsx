"use client";
// Ends the next-auth session and returns to the sign-in page. signOut works without a SessionProvider.
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function SignOutButton({ className }: { className?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      className={className}
      pending={pending}
      onClick={async () => {
        setPending(true);
        try {
          await signOut({ callbackUrl: "/sign-in" });
        } catch {
          // Network failure: let the person try again rather than leave a spinner forever.
          setPending(false);
        }
      }}
    >
      <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 2.75H3.75a1 1 0 0 0-1 1v8.5a1 1 0 0 0 1 1H6M10.5 11 13.5 8l-3-3M13.25 8H6.5" />
      </svg>
      Sign out
    </Button>
  );
}
