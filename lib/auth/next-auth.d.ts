// Warden's fields on next-auth's session, user and token types.
import type { Role } from "@/lib/core/permissions";

declare module "next-auth" {
  interface Session {
    /** Absent when the token is expired or not ours; getSessionUser() re-loads the user from the database anyway. */
    user?: { id: string; email: string; name: string; role: Role };
  }
  interface User {
    role?: Role;
    method?: "password" | "oidc";
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    id?: string;
    role?: Role;
    /** The server-side session this cookie names (lib/auth/sessions.ts); checked on every request. */
    sid?: string;
  }
}
