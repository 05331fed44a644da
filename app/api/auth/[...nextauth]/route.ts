// next-auth's endpoints (sign-in, callback, session, CSRF, sign-out) under /api/auth/*.
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/options";

interface NextAuthContext {
  params: Promise<{ nextauth: string[] }>;
}

// Options are built per call (memoised) rather than at import, so `next build` needs no database or secrets.
async function handler(req: NextRequest, context: NextAuthContext): Promise<Response> {
  return NextAuth(req, context, getAuthOptions());
}

export { handler as GET, handler as POST };
