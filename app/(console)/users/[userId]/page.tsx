// One console user: who they are, managing their account (privacy admins, never on their own account), and their
// access history. The history is open to the person themself and to whoever reads all grants (grant.read_all).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Badge, RoleBadge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam, tableHref } from "@/components/data-table/table-href";
import { formatAgo, formatUtc } from "@/components/data/format";
import { requirePagePermission, requirePageUser } from "@/lib/auth/session";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { can, ROLES, type Role } from "@/lib/core/permissions";
import { findAccessHistory } from "@/lib/scopes/access-history";
import { UserStatusBadge } from "../user-status-badge";
import { HistoryTable } from "./history-table";
import { ManageUserForms } from "./manage-forms";

export const metadata: Metadata = { title: "User" };

const PAGE_SIZE = 50;

export default async function UserPage({
  params,
  searchParams,
}: {
  params: Promise<{ userId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  const { userId } = await params;
  // Someone else's page needs grant.read_all: the refusal is recorded and answered 403.
  if (userId !== user.id) await requirePagePermission("grant.read_all");
  const sp = await searchParams;
  let history;
  try {
    history = await findAccessHistory(user, userId, { cursor: firstParam(sp.cursor), limit: PAGE_SIZE });
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  }
  const subject = history.user;
  const self = subject.id === user.id;
  const at = now();
  const base = `/users/${subject.id}`;

  return (
    <>
      <PageHeader
        eyebrow={
          can(user, "user.read") ? (
            <Link href="/users" className="hover:text-slate-900 hover:underline">
              ← Users
            </Link>
          ) : undefined
        }
        title={subject.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
            <span>{subject.email}</span>
            {isRole(subject.role) ? <RoleBadge role={subject.role} /> : <Badge>{subject.role}</Badge>}
            <UserStatusBadge status={subject.status} />
            <span className="text-slate-500">
              · added {formatUtc(subject.createdAt)} · last sign-in{" "}
              {subject.lastSignInAt ? (
                <time dateTime={subject.lastSignInAt.toISOString()} title={formatUtc(subject.lastSignInAt)}>
                  {formatAgo(subject.lastSignInAt, at)}
                </time>
              ) : (
                "never"
              )}
            </span>
          </span>
        }
      />

      {can(user, "user.manage") ? (
        <Card as="section" aria-labelledby="manage-user" className="mb-6">
          <CardHeader titleId="manage-user" title="Account" description="Each change is recorded in the access ledger with you as its actor." />
          {self ? (
            <p className="p-4 text-sm text-slate-600">
              This is your own account: you cannot disable it or change its role. Another privacy admin can.
            </p>
          ) : (
            <ManageUserForms userId={subject.id} email={subject.email} role={subject.role} status={subject.status} />
          )}
        </Card>
      ) : null}

      <section aria-labelledby="access-history">
        <h2 id="access-history" className="mb-1 text-base font-semibold text-slate-900">
          Access history
        </h2>
        <p className="mb-3 text-sm text-slate-600">
          Every request {self ? "you" : "this person"} made and each decision on it, every grant held and how it ended, review decisions, break-glass
          uses and their after-reviews, and changes to the account.
        </p>
        {history.truncated ? (
          <Alert variant="info" className="mb-3">
            This history is long: only the most recent events of each kind are shown. The access ledger holds all of them.
          </Alert>
        ) : null}
        <HistoryTable
          nowIso={at.toISOString()}
          rows={history.rows.map((e) => ({
            key: e.key,
            at: e.at.toISOString(),
            kind: e.kind,
            title: e.title,
            detail: e.detail,
            scope: e.scope,
            ref: e.ref,
            by: e.by ? { name: e.by.name, email: e.by.email } : null,
            note: e.note,
          }))}
          pagination={{
            pageSize: PAGE_SIZE,
            total: history.total,
            nextHref: history.nextCursor ? tableHref(base, sp, { cursor: history.nextCursor }) : null,
            prevHref: history.prevCursor !== null ? tableHref(base, sp, { cursor: history.prevCursor === "0" ? null : history.prevCursor }) : null,
            labels: { prev: "Newer", next: "Older" },
          }}
        />
      </section>
    </>
  );
}

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
