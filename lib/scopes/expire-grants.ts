// Grants expire on time without anyone acting (issue 6 item 6): the recurring job `scopes.expire_grants` ends every
// active grant past its end time, as the system (no actor). Until it runs, the gateway already ignores such a grant
// (effective-scopes.ts); this makes the state and the ledger say so, and tells the holder.
import { randomUUID } from "node:crypto";
import type { RequestMeta } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { TIER_LABELS } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { notifyUsers } from "@/lib/inbox/notify";
import { commitWithLedger } from "@/lib/ledger/unit-of-work";
import { endGrant } from "./grant-lifecycle";

const BATCH = 200;
// One run ends at most this many; a backlog larger than that (after a long outage) is finished by the next runs.
const MAX_PER_RUN = 5_000;

export async function expireGrants(at: Date = now(), meta: RequestMeta = { requestId: randomUUID(), ipHash: null, uaHash: null }) {
  let expired = 0;
  let skipped = 0;
  let after = "";
  for (;;) {
    const due = await getDb().grant.findMany({
      where: { status: "active", expiresAt: { lte: at }, id: { gt: after } },
      select: { id: true, expiresAt: true },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    // One unit of work per grant: a short write lock each, and one grant that cannot be ended does not hold up the rest.
    for (const g of due) {
      try {
        await commitWithLedger(async (uow) => {
          const ended = await endGrant(uow, { actor: null, meta }, g.id, "expired", "Reached its end time", {
            expires_at: g.expiresAt.toISOString(),
          });
          await notifyUsers(
            [ended.userId],
            {
              kind: "grant.expired",
              title: `Your ${TIER_LABELS[ended.scope]} access has expired`,
              body: "It reached its end time. Request it again if you still need it.",
              href: "/access",
            },
            uow.tx,
          );
        });
        expired++;
      } catch (err) {
        // Someone ended it meanwhile (an admin, a review, another instance's run): nothing left to do.
        if (err instanceof AppError && err.code === "conflict") skipped++;
        else throw err;
      }
    }
    if (due.length < BATCH || expired + skipped >= MAX_PER_RUN) return { expired, skipped };
    after = due[due.length - 1].id;
  }
}
