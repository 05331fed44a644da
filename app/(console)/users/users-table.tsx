"use client";
// Console users: who they are, their role and status, how they sign in, when they last did, and how many grants
// they hold right now. Each row opens the user's page (management and access history).
import { useMemo } from "react";
import { DataTable, type DataTablePagination, type DataTableSort } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { Breakable } from "@/components/data/breakable";
import { formatAgo, formatUtc, formatUtcDate } from "@/components/data/format";
import { RoleBadge } from "@/components/ui/badge";
import { ROLES, type Role } from "@/lib/core/permissions";
import type { SignInMethod } from "@/lib/auth/list-users";
import { UserStatusBadge } from "./user-status-badge";

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  status: string;
  signIn: SignInMethod;
  lastSignInAt: string | null;
  createdAt: string;
  activeGrants: number;
}

const SIGN_IN_LABELS: Record<SignInMethod, string> = {
  password: "Password",
  sso: "Single sign-on",
  password_and_sso: "Password and SSO",
  sso_pending: "SSO (not yet signed in)",
};

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

function columnsAt(nowIso: string) {
  const at = new Date(nowIso);
  const col = dataTableColumns<UserRow>();
  return col.columns([
    col.accessor("name", { header: "Name", enableSorting: true, meta: { rowLink: true, wrap: true } }),
    col.accessor("email", {
      header: "Email",
      enableSorting: true,
      meta: { wrap: true },
      cell: (c) => (
        <span className="wrap-break-word">
          <Breakable text={c.getValue()} after="@" />
        </span>
      ),
    }),
    col.accessor("role", {
      header: "Role",
      enableSorting: true,
      cell: (c) => (isRole(c.getValue()) ? <RoleBadge role={c.getValue() as Role} /> : c.getValue()),
    }),
    col.accessor("status", {
      header: "Status",
      enableSorting: true,
      cell: (c) => <UserStatusBadge status={c.getValue()} />,
    }),
    col.accessor("signIn", { header: "Sign-in", cell: (c) => SIGN_IN_LABELS[c.getValue()] }),
    col.accessor("lastSignInAt", {
      header: "Last sign-in",
      enableSorting: true,
      sortDescFirst: true,
      cell: (c) => {
        const v = c.getValue();
        return v ? (
          <time dateTime={v} title={formatUtc(v)}>
            {formatAgo(v, at)}
          </time>
        ) : (
          <span className="text-slate-500">Never</span>
        );
      },
    }),
    col.accessor("activeGrants", { header: "Active grants", meta: { align: "end" } }),
    col.accessor("createdAt", {
      header: "Added",
      enableSorting: true,
      sortDescFirst: true,
      cell: (c) => <time dateTime={c.getValue()}>{formatUtcDate(c.getValue())}</time>,
    }),
  ]);
}

const rowId = (r: UserRow) => r.id;
const rowHref = (r: UserRow) => `/users/${r.id}`;

export function UsersTable({
  rows,
  sorting,
  pagination,
  nowIso,
}: {
  rows: UserRow[];
  sorting: DataTableSort;
  pagination: DataTablePagination;
  nowIso: string;
}) {
  // Relative times count from the server's clock, so the server and the browser render the same text.
  const columns = useMemo(() => columnsAt(nowIso), [nowIso]);
  return (
    <DataTable
      columns={columns}
      data={rows}
      getRowId={rowId}
      onRowHref={rowHref}
      caption="Console users"
      emptyMessage="No console user matches these filters."
      sorting={sorting}
      pagination={pagination}
    />
  );
}
