// Shared by this folder's tests: users with unique emails and a look at the ledger entries about them.
import { randomUUID } from "node:crypto";
import type { RequestMeta } from "@/lib/core/actor";
import type { Role } from "@/lib/core/permissions";
import { newId } from "@/lib/core/ids";
import { getDb } from "@/lib/db/client";
import { hashPassword } from "./password";

export const PASSWORD = "correct horse battery staple";

export function uniqueEmail(label: string): string {
  return `${label}-${randomUUID()}@auth.test`;
}

/** A request from its own client address (so per-address limits of one test never touch another's). */
export function meta(ipHash = `ip-${randomUUID()}`): RequestMeta {
  return { requestId: randomUUID(), ipHash, uaHash: "ua-hash" };
}

export async function makeUser(
  role: Role,
  opts: { password?: string | null; status?: string; label?: string } = {},
): Promise<{ id: string; email: string; role: Role }> {
  const id = newId("usr");
  const email = uniqueEmail(opts.label ?? role);
  const password = opts.password === undefined ? PASSWORD : opts.password;
  await getDb().user.create({
    data: {
      id,
      email,
      name: `Test ${role}`,
      role,
      status: opts.status ?? "active",
      passwordHash: password === null ? null : await hashPassword(password),
    },
  });
  return { id, email, role };
}

export interface LedgerView {
  seq: number;
  action: string;
  decision: string;
  actorId: string | null;
  actorRole: string;
  resource: string;
  purpose: string;
  requestId: string;
  payload: Record<string, unknown> | null;
}

export async function ledgerFor(where: { resource?: string; actorId?: string; payloadContains?: string }): Promise<LedgerView[]> {
  const rows = await getDb().ledgerEntry.findMany({
    where: {
      ...(where.resource ? { resource: where.resource } : {}),
      ...(where.actorId ? { actorId: where.actorId } : {}),
      ...(where.payloadContains ? { payload: { contains: where.payloadContains } } : {}),
    },
    orderBy: { seq: "asc" },
  });
  return rows.map((r) => ({
    seq: r.seq,
    action: r.action,
    decision: r.decision,
    actorId: r.actorId,
    actorRole: r.actorRole,
    resource: r.resource,
    purpose: r.purpose,
    requestId: r.requestId,
    payload: r.payload ? (JSON.parse(r.payload) as Record<string, unknown>) : null,
  }));
}
