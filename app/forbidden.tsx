// The 403 page, rendered when a page calls forbidden() (requirePagePermission) after recording the refusal.
// A plain block, not <main>: it renders inside the console shell, which already provides the main landmark.
import Link from "next/link";
import { buttonClassName } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <div className="flex justify-center px-4 py-16">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 text-center shadow-sm">
        <p className="text-sm font-semibold text-indigo-700">403 · Forbidden</p>
        <h1 className="mt-2 text-xl font-semibold text-slate-900">You don&apos;t have access to this page</h1>
        <p className="mt-3 text-sm text-slate-600">
          Your role does not include this part of Warden. The attempt was recorded in the access ledger, as every refused access is. If you need
          access for your work, ask a privacy admin.
        </p>
        <div className="mt-6 flex justify-center">
          <Link href="/" className={buttonClassName({ variant: "primary" })}>
            Go to the home page
          </Link>
        </div>
      </div>
    </div>
  );
}
