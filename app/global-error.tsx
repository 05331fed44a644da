"use client";
// Last-resort boundary when the root layout itself fails: a plain page, the digest for support, never the stack.
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "3rem", color: "#0f172a" }}>
        <main>
          <h1 style={{ fontSize: "1.25rem" }}>Warden could not load this page</h1>
          <p>Something went wrong on our side; it has been logged. Reload the page to try again.</p>
          {error.digest ? (
            <p style={{ color: "#475569" }}>
              Reference: <code>{error.digest}</code>
            </p>
          ) : null}
        </main>
      </body>
    </html>
  );
}
