// The 401 page, rendered when a page calls unauthorized(): the visitor is not signed in (or the session ended).
// A plain block, not <main>: inside the console shell the main landmark already exists.
import Link from "next/link";
import { buttonClassName } from "@/components/ui/button";

export default function Unauthorized() {
  return (
    <div className="flex justify-center px-4 py-16">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 text-center shadow-sm">
        <p className="text-sm font-semibold text-indigo-700">401 · Sign-in required</p>
        <h1 className="mt-2 text-xl font-semibold text-slate-900">Please sign in</h1>
        <p className="mt-3 text-sm text-slate-600">This page is only available to signed-in Warden users. Your session may have ended.</p>
        <div className="mt-6 flex justify-center">
          <Link href="/sign-in" className={buttonClassName({ variant: "primary" })}>
            Sign in
          </Link>
        </div>
      </div>
    </div>
  );
}
