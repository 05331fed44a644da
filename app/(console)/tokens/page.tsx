// Machine tokens for /api/v1: privacy admins (token.manage) create them for other systems, see when each was last
// used, and revoke them. A token's secret is shown once, at creation; Warden keeps only its hash.
import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { pickParam } from "@/components/data-table/table-href";
import { formatAgo, formatUtc } from "@/components/data/format";
import { listApiTokens, listTokenOwners, type ApiTokenView } from "@/lib/api/api-tokens";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePagePermission } from "@/lib/auth/session";
import { now } from "@/lib/core/clock";
import { revokeTokenAction } from "./actions";
import { CreateTokenForm } from "./create-token-form";

export const metadata: Metadata = { title: "API tokens" };

const NOTICES: Record<string, { variant: "success" | "info" | "warning"; text: string }> = {
  revoked: { variant: "success", text: "Token revoked. The next call with it is refused." },
  already: { variant: "info", text: "That token had already been revoked." },
  invalid: { variant: "warning", text: "That token was not found; nothing was changed." },
  failed: { variant: "warning", text: "The token could not be revoked just now (the database or the ledger is busy). Try again in a moment." },
};

export default async function TokensPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("token.manage");
  const acting = { actor: user, meta: await currentRequestMeta() };
  const notice = pickParam(NOTICES, (await searchParams).notice);
  const [tokens, owners] = await Promise.all([listApiTokens(acting), listTokenOwners(acting)]);
  const at = now();
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Machine tokens let other systems report accesses into the ledger, ask for access decisions and read the ledger (/api/v1, described at /api/v1/openapi.json). Creating and revoking a token is recorded in the access ledger."
      />
      {notice ? (
        <Alert variant={notice.variant} className="mb-4">
          {notice.text}
        </Alert>
      ) : null}
      <Card as="section" aria-labelledby="create-token" className="mb-6">
        <CardHeader titleId="create-token" title="Create a token" description="Give each system its own token with only the uses it needs." />
        <CreateTokenForm owners={owners.map(({ id, email, name }) => ({ id, email, name }))} />
      </Card>
      <Card as="section" aria-labelledby="tokens">
        <CardHeader
          titleId="tokens"
          title="Tokens"
          description="Newest first. A token stops working when it expires, is revoked, or its owner is disabled."
        />
        {tokens.length === 0 ? (
          <EmptyState title="No tokens yet" />
        ) : (
          <ul className="divide-y divide-slate-100">
            {tokens.map((t) => (
              <TokenItem key={t.id} token={t} at={at} />
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

function TokenItem({ token: t, at }: { token: ApiTokenView; at: Date }) {
  const state = t.revokedAt ? "revoked" : t.expiresAt <= at ? "expired" : !t.ownerActive ? "owner disabled" : "active";
  return (
    <li data-token={t.name} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
          <span className="font-mono">{t.name}</span>
          <Badge variant={state === "active" ? "success" : "neutral"}>{state}</Badge>
          <code className="text-xs text-slate-600">{t.tokenPrefix}…</code>
        </p>
        <p className="mt-1 text-xs text-slate-600">
          {t.uses.join(", ")} · owner {t.ownerName} <span className="text-slate-500">({t.ownerEmail})</span> · expires{" "}
          <time dateTime={t.expiresAt.toISOString()} title={formatUtc(t.expiresAt)}>
            {formatUtc(t.expiresAt)}
          </time>{" "}
          · last used{" "}
          {t.lastUsedAt ? (
            <time dateTime={t.lastUsedAt.toISOString()} title={formatUtc(t.lastUsedAt)} data-testid="last-used">
              {formatAgo(t.lastUsedAt, at)}
            </time>
          ) : (
            <span data-testid="last-used">never</span>
          )}
        </p>
      </div>
      {t.revokedAt ? null : (
        <form action={revokeTokenAction}>
          <input type="hidden" name="tokenId" value={t.id} />
          <Button type="submit" size="sm" variant="danger" aria-label={`Revoke ${t.name}`}>
            Revoke
          </Button>
        </form>
      )}
    </li>
  );
}
