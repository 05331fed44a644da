// Sessions: where you are signed in, with a way out; privacy admins also see and end everyone's sessions.
import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Badge, RoleBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { pickParam } from "@/components/data-table/table-href";
import { formatAgo, formatUtc } from "@/components/data/format";
import { requirePageUser } from "@/lib/auth/session";
import { listSessions, type SessionListRow } from "@/lib/auth/sessions";
import { currentBrowserSession } from "@/lib/auth/sign-out";
import { now } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { can, ROLES, type Role } from "@/lib/core/permissions";
import { endOtherSessionsAction, endSessionAction, endUserSessionsAction } from "./actions";

export const metadata: Metadata = { title: "Sessions" };

const NOTICES: Record<string, { variant: "success" | "info" | "warning"; text: string }> = {
  ended: { variant: "success", text: "Signed out. That browser must sign in again." },
  gone: { variant: "info", text: "That session had already ended." },
  invalid: { variant: "warning", text: "That link was not valid; nothing was changed." },
  failed: { variant: "warning", text: "That session could not be signed out just now (the database is busy). Try again in a moment." },
};

export default async function SessionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser();
  const notice = pickParam(NOTICES, (await searchParams).notice);
  const current = await currentBrowserSession();
  const own = await listSessions(user, "own");
  const everyone = can(user, "session.manage_all") ? await listSessions(user, "all") : null;
  const at = now();
  const { sessionIdleSeconds, sessionMaxAgeSeconds } = env();

  return (
    <>
      <PageHeader
        title="Sessions"
        description={`Where you are signed in. A session ends when you sign out, after ${Math.round(sessionIdleSeconds / 60)} minutes without activity, or ${Math.round(sessionMaxAgeSeconds / 3600)} hours after signing in.`}
      />
      {notice ? (
        <Alert variant={notice.variant} className="mb-4">
          {notice.text}
        </Alert>
      ) : null}

      <Card as="section" aria-labelledby="own-sessions">
        <CardHeader
          titleId="own-sessions"
          title="Your sessions"
          actions={
            own.length > 1 ? (
              <form action={endOtherSessionsAction}>
                <Button type="submit" size="sm">
                  Sign out everywhere else
                </Button>
              </form>
            ) : null
          }
        />
        <SessionList rows={own} currentId={current?.sessionId ?? null} at={at} />
      </Card>

      {everyone ? (
        <Card as="section" aria-labelledby="all-sessions" className="mt-6">
          <CardHeader
            titleId="all-sessions"
            title="Everyone's active sessions"
            description="Sign a person out everywhere when a laptop is lost or access should end now. Each sign-out is recorded in the access ledger."
          />
          {groupByUser(everyone).length === 0 ? (
            <EmptyState title="No active sessions" />
          ) : (
            <ul className="divide-y divide-slate-100">
              {groupByUser(everyone).map((g) => (
                <li key={g.userId} data-user-sessions={g.userEmail} className="px-4 py-3">
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
                    <p className="min-w-0 text-sm font-medium text-slate-900">
                      {g.userName} <span className="font-normal text-slate-600">{g.userEmail}</span>
                    </p>
                    {isRole(g.userRole) ? <RoleBadge role={g.userRole} /> : null}
                    <span className="text-xs text-slate-600">{g.rows.length === 1 ? "1 session" : `${g.rows.length} sessions`}</span>
                    <form action={endUserSessionsAction} className="ml-auto">
                      <input type="hidden" name="userId" value={g.userId} />
                      <Button type="submit" size="sm" variant="danger" aria-label={`Sign ${g.userEmail} out everywhere`}>
                        Sign out everywhere
                      </Button>
                    </form>
                  </div>
                  <SessionList rows={g.rows} currentId={current?.sessionId ?? null} at={at} compact />
                </li>
              ))}
            </ul>
          )}
        </Card>
      ) : null}
    </>
  );
}

function SessionList({ rows, currentId, at, compact = false }: { rows: SessionListRow[]; currentId: string | null; at: Date; compact?: boolean }) {
  if (rows.length === 0) return <EmptyState title="No active sessions" />;
  return (
    <ul className={compact ? "mt-2 space-y-2" : "divide-y divide-slate-100"}>
      {rows.map((s) => (
        <li
          key={s.id}
          data-session-id={s.id}
          className={
            compact
              ? "flex flex-wrap items-center gap-x-4 gap-y-1 rounded-md bg-slate-50 px-3 py-2"
              : "flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3"
          }
        >
          <div className="min-w-0 flex-1">
            <p className="text-sm font-medium text-slate-900">
              {s.device}{" "}
              {s.id === currentId ? (
                <Badge variant="success" className="ml-1">
                  This browser
                </Badge>
              ) : null}
            </p>
            <p className="text-xs text-slate-600">
              {s.method === "oidc" ? "Single sign-on" : "Password"} · signed in{" "}
              <time dateTime={s.createdAt.toISOString()} title={formatUtc(s.createdAt)}>
                {formatAgo(s.createdAt, at)}
              </time>{" "}
              · last seen{" "}
              <time dateTime={s.lastSeenAt.toISOString()} title={formatUtc(s.lastSeenAt)} data-testid="last-seen">
                {formatAgo(s.lastSeenAt, at)}
              </time>
            </p>
          </div>
          <form action={endSessionAction}>
            <input type="hidden" name="sessionId" value={s.id} />
            <Button type="submit" size="sm" aria-label={`Sign out ${s.device}${s.id === currentId ? " (this browser)" : ""}`}>
              Sign out
            </Button>
          </form>
        </li>
      ))}
    </ul>
  );
}

function groupByUser(rows: SessionListRow[]) {
  const groups = new Map<string, { userId: string; userEmail: string; userName: string; userRole: string; rows: SessionListRow[] }>();
  for (const r of rows) {
    const g = groups.get(r.userId) ?? { userId: r.userId, userEmail: r.userEmail, userName: r.userName, userRole: r.userRole, rows: [] };
    g.rows.push(r);
    groups.set(r.userId, g);
  }
  return [...groups.values()].sort((a, b) => a.userEmail.localeCompare(b.userEmail));
}

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
