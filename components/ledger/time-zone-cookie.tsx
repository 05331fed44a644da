"use client";
// Tells the server the viewer's time zone (a cookie), so ledger times render on the server in UTC and local time.
// Runs once per page load; refreshes the page only when the zone was unknown or has changed.
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { TZ_COOKIE } from "./instant";

export function TimeZoneCookie({ known }: { known: string | null }) {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === known) return;
    document.cookie = `${TZ_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }, [known, router]);
  return null;
}
