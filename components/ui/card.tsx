// Surfaces. A Card is a bordered white panel; CardHeader gives it a title row with optional actions.
import type { ElementType, ReactNode } from "react";
import { cn } from "./cn";

export interface CardProps {
  children: ReactNode;
  className?: string;
  /** Render as a section/article/li etc. Defaults to div. */
  as?: ElementType;
  "aria-labelledby"?: string;
}

export function Card({ children, className, as: Tag = "div", ...rest }: CardProps) {
  return (
    <Tag className={cn("rounded-lg border border-slate-200 bg-white shadow-xs", className)} {...rest}>
      {children}
    </Tag>
  );
}

export interface CardHeaderProps {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  /** Id for the heading, so a parent section can point aria-labelledby at it. */
  titleId?: string;
  /** Heading level; defaults to h2 (cards sit under the page's h1). */
  level?: 2 | 3;
  className?: string;
}

export function CardHeader({ title, description, actions, titleId, level = 2, className }: CardHeaderProps) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div className={cn("flex items-start justify-between gap-3 border-b border-slate-200 px-4 py-3", className)}>
      <div className="min-w-0">
        <Heading id={titleId} className="text-sm font-semibold text-slate-900">
          {title}
        </Heading>
        {description ? <p className="mt-0.5 text-sm text-slate-600">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
    </div>
  );
}
