// Sign-out is a plain form posting to a server action: it works before (or without) the page's JavaScript.
import { Button } from "@/components/ui/button";

export function SignOutButton({ action, className }: { action: () => Promise<void>; className?: string }) {
  return (
    <form action={action} className={className}>
      <Button type="submit" variant="secondary" size="sm" className="w-full">
        <svg
          aria-hidden="true"
          viewBox="0 0 16 16"
          className="size-3.5"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          <path d="M6 2.75H3.75a1 1 0 0 0-1 1v8.5a1 1 0 0 0 1 1H6M10.5 11 13.5 8l-3-3M13.25 8H6.5" />
        </svg>
        Sign out
      </Button>
    </form>
  );
}
