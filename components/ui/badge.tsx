// Small status labels: a generic Badge, a StateBadge for a thing's states, a TierBadge for the five privacy tiers, and a
// RoleBadge.
import type { ReactNode } from "react";
import { ROLE_LABELS, type Role } from "@/lib/core/permissions";
import { TIER_LABELS, type PrivacyTier } from "@/lib/core/tiers";
import { cn } from "./cn";

export type BadgeVariant = "neutral" | "info" | "success" | "warning" | "danger";

// Text shades are the 700/800 steps so every pair passes WCAG AA (4.5:1) on its tinted background.
const VARIANTS: Record<BadgeVariant, string> = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-300/70",
  info: "bg-indigo-50 text-indigo-700 ring-indigo-200",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  warning: "bg-amber-50 text-amber-800 ring-amber-200",
  danger: "bg-red-50 text-red-700 ring-red-200",
};

export interface BadgeProps {
  variant?: BadgeVariant;
  children: ReactNode;
  className?: string;
  title?: string;
}

export function Badge({ variant = "neutral", children, className, title }: BadgeProps) {
  return (
    <span
      title={title}
      className={cn(
        "inline-flex h-5 shrink-0 items-center gap-1 whitespace-nowrap rounded-full px-2 text-xs font-medium ring-1 ring-inset",
        VARIANTS[variant],
        className,
      )}
    >
      {children}
    </span>
  );
}

/** How each state of a thing reads: the words and the colour of its badge. */
export type BadgeStates<S extends string> = Record<S, { label: string; variant: BadgeVariant }>;

/**
 * A state (a grant's status, a review decision) as its badge. `attr` also puts the raw state on a data attribute
 * ("grant-status" → data-grant-status="revoked") for tests and styling; a state the table lacks shows as itself.
 */
export function StateBadge<S extends string>({ state, states, attr }: { state: S; states: BadgeStates<S>; attr?: string }) {
  const s = states[state] ?? { label: state, variant: "neutral" };
  const badge = <Badge variant={s.variant}>{s.label}</Badge>;
  return attr ? <span {...{ [`data-${attr}`]: state }}>{badge}</span> : badge;
}

// One hue per tier, ordered by sensitivity; the dot plus the label mean colour is never the only signal.
const TIER_STYLES: Record<PrivacyTier, { badge: string; dot: string }> = {
  none: { badge: "bg-slate-100 text-slate-700 ring-slate-300/70", dot: "bg-slate-400" },
  pii_basic: { badge: "bg-sky-50 text-sky-800 ring-sky-200", dot: "bg-sky-500" },
  pii_sensitive: { badge: "bg-amber-50 text-amber-800 ring-amber-200", dot: "bg-amber-500" },
  pii_tax: { badge: "bg-violet-50 text-violet-800 ring-violet-200", dot: "bg-violet-500" },
  background: { badge: "bg-rose-50 text-rose-800 ring-rose-200", dot: "bg-rose-500" },
};

export function TierBadge({ tier, className }: { tier: PrivacyTier; className?: string }) {
  const style = TIER_STYLES[tier];
  return (
    <span
      data-tier={tier}
      className={cn(
        "inline-flex h-5 shrink-0 items-center gap-1.5 whitespace-nowrap rounded-full px-2 text-xs font-medium ring-1 ring-inset",
        style.badge,
        className,
      )}
    >
      <span aria-hidden="true" className={cn("size-1.5 rounded-full", style.dot)} />
      {TIER_LABELS[tier]}
    </span>
  );
}

const ROLE_VARIANTS: Record<Role, BadgeVariant> = {
  privacy_admin: "info",
  auditor: "success",
  analyst: "neutral",
};

export function RoleBadge({ role, className }: { role: Role; className?: string }) {
  return (
    <Badge variant={ROLE_VARIANTS[role]} className={className}>
      {ROLE_LABELS[role]}
    </Badge>
  );
}
