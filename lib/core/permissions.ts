// The one permission list (law 5). Server code calls requirePermission (lib/auth); the UI may call `can` to hide
// what would be refused anyway. Hiding is never the check. Zod-free (client components import the labels).

export const ROLES = ["privacy_admin", "auditor", "analyst"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  privacy_admin: "Privacy admin",
  auditor: "Auditor",
  analyst: "Analyst",
};

export const PERMISSIONS = [
  "people.search",
  "people.read",
  "ledger.read",
  "ledger.verify",
  "catalog.read",
  "grant.read_own",
  "grant.read_all",
  "grant.manage",
  "scope.request",
  "scope.approve",
  "policy.read",
  "policy.manage",
  "review.read",
  "review.manage",
  "jobs.read",
  "user.read",
  "user.manage",
  "session.manage_all",
  "token.manage",
  "catalog.manage",
  "export.request",
  "export.approve",
  "export.read_all",
  "export.trace",
  "holds.read",
  "holds.manage",
  "retention.read",
  "retention.manage",
  "purge.read",
  "purge.run",
  "purge.approve",
  "sla.read",
  "sla.manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // The privacy admin holds every permission; the other roles hold what is listed.
  privacy_admin: PERMISSIONS,
  auditor: [
    "ledger.read",
    "ledger.verify",
    "catalog.read",
    "grant.read_own",
    "grant.read_all",
    "policy.read",
    "review.read",
    "user.read",
    "export.read_all",
    "holds.read",
    "retention.read",
    "purge.read",
    "sla.read",
  ],
  analyst: ["people.search", "people.read", "catalog.read", "grant.read_own", "scope.request", "policy.read", "export.request", "sla.read"],
};

export function can(subject: { role: Role } | null | undefined, permission: Permission): boolean {
  return !!subject && ROLE_PERMISSIONS[subject.role].includes(permission);
}
