// The signed-in person as the app sees them: re-loaded from the users table on every request.
import type { Role } from "@/lib/core/permissions";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}
