// Users: the console's accounts. Auditors and privacy admins see them (user.read); privacy admins create accounts
// here and manage each one on its own page (user.manage). Sort, filters and page are in the URL.
import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClassName } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { tableHref } from "@/components/data-table/table-href";
import { listUsers, USER_STATUSES, ZUserListQuery } from "@/lib/auth/list-users";
import { requirePagePermission } from "@/lib/auth/session";
import { now } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { can, ROLE_LABELS, ROLES } from "@/lib/core/permissions";
import { CreateUserForm } from "./create-user-form";
import { UsersTable } from "./users-table";

export const metadata: Metadata = { title: "Users" };

const PAGE_SIZE = 25;

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("user.read");
  const sp = await searchParams;
  const first = (k: string) => (Array.isArray(sp[k]) ? sp[k][0] : sp[k]);
  const query = ZUserListQuery.parse({
    q: first("q"),
    role: first("role") || undefined,
    status: first("status") || undefined,
    sort: first("sort"),
    dir: first("dir"),
    cursor: first("cursor"),
    limit: PAGE_SIZE,
  });
  const page = await listUsers(user, query);
  const manage = can(user, "user.manage");
  const filtered = Boolean(query.q || query.role || query.status);

  return (
    <>
      <PageHeader
        title="Users"
        description={
          manage
            ? "Everyone who can sign in to Warden. Open a person to change their role, disable or re-enable them, and see their access history. Every change is recorded in the access ledger."
            : "Everyone who can sign in to Warden, their role and how they sign in. Open a person to see their access history."
        }
      />

      {manage ? (
        <Card as="section" aria-labelledby="create-user" className="mb-6">
          <CardHeader
            titleId="create-user"
            title="Create a user"
            description="Accounts are created here or with the CLI, never by signing in. Disabling an account ends its sessions at once."
          />
          <CreateUserForm ssoConfigured={env().oidc !== null} />
        </Card>
      ) : null}

      <form method="get" action="/users" role="search" aria-label="Filter users" className="mb-4 flex flex-wrap items-end gap-3">
        <Input
          label="Name or email"
          name="q"
          defaultValue={query.q}
          maxLength={100}
          wrapperClassName="w-full sm:w-64"
          placeholder="e.g. ana or @warden.test"
        />
        <Select
          label="Role"
          name="role"
          defaultValue={query.role ?? ""}
          options={[{ value: "", label: "Any role" }, ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))]}
          wrapperClassName="w-40"
        />
        <Select
          label="Status"
          name="status"
          defaultValue={query.status ?? ""}
          options={[{ value: "", label: "Any status" }, ...USER_STATUSES.map((s) => ({ value: s, label: s === "active" ? "Active" : "Disabled" }))]}
          wrapperClassName="w-36"
        />
        {/* The sort survives a new filter; the page does not (a filter starts from the first page). */}
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <button type="submit" className={buttonClassName({ variant: "secondary" })}>
          Filter
        </button>
        {filtered ? (
          <Link href={tableHref("/users", {}, { sort: query.sort, dir: query.dir })} className={buttonClassName({ variant: "ghost" })}>
            Clear filters
          </Link>
        ) : null}
      </form>

      <UsersTable
        rows={page.rows.map((r) => ({ ...r, lastSignInAt: r.lastSignInAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString() }))}
        sorting={{ id: query.sort, desc: query.dir === "desc" }}
        nowIso={now().toISOString()}
        pagination={{
          pageSize: PAGE_SIZE,
          total: page.total,
          nextHref: page.nextCursor ? tableHref("/users", sp, { cursor: page.nextCursor }) : null,
          prevHref: page.prevCursor !== null ? tableHref("/users", sp, { cursor: page.prevCursor === "0" ? null : page.prevCursor }) : null,
          firstHref: query.cursor > 0 ? tableHref("/users", sp, { cursor: null }) : null,
        }}
      />
    </>
  );
}
