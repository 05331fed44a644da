// Test fixtures on the real database: users with unique emails, grants issued by a real privacy admin,
// and raw SQL for tests that must act like someone with direct database access.
import { randomUUID } from "node:crypto";
import type { Role } from "@/lib/core/permissions";
import type { Scope } from "@/lib/core/tiers";
import { newId } from "@/lib/core/ids";
import { dbTarget, getDb } from "@/lib/db/client";
import { pgPool, sqliteHandle } from "@/lib/db/raw";
import { grantDirectly } from "@/lib/scopes/grant-directly";
import type { Actor, RequestMeta } from "@/lib/core/actor";

export async function createTestUser(role: Role, label: string = role): Promise<Actor & { email: string }> {
  const id = newId("usr");
  const email = `${label}-${id}@test.warden`;
  await getDb().user.create({ data: { id, email, name: `Test ${label}`, role } });
  return { id, role, email };
}

/** Direct grants from a fresh privacy admin: 7 days each (within every default policy), every dataset unless limited. */
export async function grantScopes(userId: string, scopes: Scope[], opts: { durationMinutes?: number; datasets?: string[] } = {}): Promise<string[]> {
  const issuer = await createTestUser("privacy_admin", "issuer");
  const ids: string[] = [];
  for (const scope of scopes) {
    const g = await grantDirectly(
      { actor: issuer, meta: testMeta() },
      { userId, scope, reason: "test fixture grant", durationMinutes: opts.durationMinutes ?? 7 * 1440, datasets: opts.datasets },
    );
    ids.push(g.id);
  }
  return ids;
}

export function testMeta(): RequestMeta {
  return { requestId: randomUUID(), ipHash: null, uaHash: null };
}

export const dialect = () => dbTarget().dialect;

/** Runs SQL straight on the console database, bypassing the app (as a DBA or an attacker would). */
export async function rawExec(sql: string, params: unknown[] = []): Promise<void> {
  const t = dbTarget();
  if (t.dialect === "sqlite") {
    if (params.length)
      sqliteHandle(t.path)
        .prepare(sql)
        .run(...params);
    else sqliteHandle(t.path).exec(sql);
  } else await pgPool(t.url).query(sql, params);
}

export async function ledgerHeadSeq(): Promise<number> {
  const head = await getDb().ledgerEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  return head?.seq ?? 0;
}
