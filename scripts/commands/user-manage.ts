// `warden user disable|enable|set-role|sign-out --email E [--role R]`: the operator's levers on a console account.
// Disabling, changing the role and signing out end the account's sessions at once; each is recorded in the ledger.
import { systemRequestMeta } from "@/lib/auth/request-meta";
import { changeUserRole, setUserStatus } from "@/lib/auth/manage-user";
import { endAllSessionsOf } from "@/lib/auth/sessions";
import { recordAuthEvent } from "@/lib/auth/auth-events";
import { AppError } from "@/lib/core/errors";
import { ROLES, type Role } from "@/lib/core/permissions";
import { getDb } from "@/lib/db/client";
import { parseFlags, UsageError } from "./args";

type Verb = "disable" | "enable" | "set-role" | "sign-out";

export function userManage(verb: Verb) {
  return async (args: string[]): Promise<number> => {
    let email: string;
    let role: Role | undefined;
    try {
      const flags = parseFlags(args, { email: { type: "string" }, ...(verb === "set-role" ? { role: { type: "string" } } : {}) });
      if (!flags.email) throw new UsageError("--email is required");
      email = flags.email;
      if (verb === "set-role") {
        const r = (flags as { role?: string }).role;
        if (!r) throw new UsageError("--role is required");
        if (!(ROLES as readonly string[]).includes(r)) throw new UsageError(`--role must be one of: ${ROLES.join(", ")}`);
        role = r as Role;
      }
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      console.error(`warden user ${verb}: ${err.message}`);
      return 2;
    }
    const ctx = { actor: null, meta: systemRequestMeta() };
    try {
      if (verb === "disable" || verb === "enable") {
        const r = await setUserStatus(email, verb === "disable" ? "disabled" : "active", ctx);
        console.log(
          r.changed ? `${email}: ${verb}d${verb === "disable" ? `, ${r.sessionsEnded} session(s) ended` : ""}` : `${email}: already ${verb}d`,
        );
      } else if (verb === "set-role") {
        const r = await changeUserRole(email, role!, ctx);
        console.log(r.changed ? `${email}: role is now ${role}, ${r.sessionsEnded} session(s) ended` : `${email}: already ${role}`);
      } else {
        const user = await getDb().user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
        if (!user) throw new AppError("not_found", `no user with email ${email.trim().toLowerCase()}`);
        const ended = await endAllSessionsOf(user.id, "revoked", null);
        await recordAuthEvent({
          action: "auth.session_ended",
          decision: "allow",
          user: null,
          anonymousRole: "system",
          meta: ctx.meta,
          purpose: "sessions revoked by an operator",
          resource: `user:${user.id}`,
          payload: { sessions: ended, reason: "revoked", all: true },
        });
        console.log(`${email}: ${ended} session(s) ended`);
      }
      return 0;
    } catch (err) {
      if (err instanceof AppError && (err.code === "not_found" || err.code === "forbidden")) {
        console.error(`warden user ${verb}: ${err.message}`);
        return 1;
      }
      throw err;
    }
  };
}
