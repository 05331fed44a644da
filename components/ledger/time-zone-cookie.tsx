"use client";
// Tells the server the viewer's time zone (a cookie), so ledger times render on the server in UTC and local time.
// Refreshes the page once when the zone was unknown or has changed; never more than once per page load, whatever
// the cookie turns out to hold.
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { TZ_COOKIE } from "./instant";

let refreshed = false;

export function TimeZoneCookie({ known }: { known: string | null }) {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // IANA names are letters, digits and / _ + -: safe in a cookie as they are.
    if (!zone || zone === known || !/^[A-Za-z0-9/_+-]{1,64}$/.test(zone) || refreshed) return;
    document.cookie = `${TZ_COOKIE}=${zone}; path=/; max-age=31536000; samesite=lax`;
    refreshed = true;
    router.refresh();
  }, [known, router]);
  return null;
}
