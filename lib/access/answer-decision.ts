// "May this person read these columns of this dataset for this purpose?", answered for another system
// (POST /api/v1/decisions) by the gateway's own pieces: the catalog policy (getDatasetPolicy), the grants in force for
// that dataset (effectiveScopes) and the column rules (decideColumns). The decision is ledgered BEFORE it is answered
// (law 1: a decision answered for another system is a restricted access); if the append fails, no answer (503).
// Nothing is disclosed by the answer itself, so disclosed_tier is null; the tier the other system may then show in
// clear is in the payload (would_disclose_tier), and that system reports its actual read through access events.
// Each masked column comes with its rule and the rule's label, the catalogue's one meaning (decision 023). No values
// are taken to be masked here: a service masking given values would be an oracle for `token` (anyone holding an API
// token could enumerate the nine-digit TINs through it), which is what keying the token is meant to prevent.
import type { RequestMeta } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { highestTier, type PrivacyTier, type Scope } from "@/lib/core/tiers";
import { getDatasetPolicy, type DatasetPolicy } from "@/lib/catalog/get-dataset-policy";
import { getDb } from "@/lib/db/client";
import { appendLedgerEntry } from "@/lib/ledger/append";
import { MASK_RULE_LABELS, type MaskRule } from "@/lib/masking/mask";
import { effectiveScopes } from "@/lib/scopes/effective-scopes";
import { decideColumns, overallDecision, POLICY_VERSION, type ColumnVerdict } from "./decide";
import { ZPurpose } from "./gateway";

export interface DecisionQuestion {
  /** The console user who would read: by id, or by sign-in email (used to find them, never stored). */
  subject: { userId: string } | { email: string };
  dataset: { key: string; version: number };
  /** Every column of the dataset when omitted. Unknown names are refused (400). */
  columns?: readonly string[];
  purpose: string;
}

/** Who asks on the subject's behalf: the token and its owner, recorded with the decision. */
export interface DecisionAsker {
  tokenId: string;
  ownerId: string;
  meta: RequestMeta;
}

export type ColumnAnswer = "allow" | "mask" | "deny";

export interface DecisionAnswer {
  decision: ColumnAnswer;
  dataset: string;
  subject: { userId: string; role: string; active: boolean };
  policyVersion: string;
  /** maskRule and maskLabel are set when decision is mask: the rule (lib/masking/mask.ts) the other system applies. */
  columns: Array<{ name: string; tier: PrivacyTier; decision: ColumnAnswer; maskRule: MaskRule | null; maskLabel: string | null; reason: string }>;
  ledgerSeq: number;
}

const ANSWER: Record<ColumnVerdict["decision"], ColumnAnswer> = { clear: "allow", masked: "mask", withheld: "deny" };

export async function answerDecision(question: DecisionQuestion, asker: DecisionAsker): Promise<DecisionAnswer> {
  const purpose = ZPurpose.parse(question.purpose);
  const subject = await findSubject(question.subject);
  const policy = await getDatasetPolicy(question.dataset.key, question.dataset.version);
  const active = subject.status === "active";
  const scopes: ReadonlySet<Scope> = active ? await effectiveScopes(subject.id, policy.ref) : new Set();
  const decided = pick(decideColumns(policy.columns, scopes), policy, question.columns);
  // A disabled account reads nothing at all, whatever grants it still holds: it cannot even sign in.
  const verdicts = active
    ? decided
    : decided.map((v) => ({ ...v, decision: "withheld" as const, reason: "The person's console account is disabled" }));
  const decision = overallDecision(verdicts);
  const names = (d: ColumnVerdict["decision"]) => verdicts.filter((v) => v.decision === d).map((v) => v.column.name);
  const clear = verdicts.filter((v) => v.decision === "clear");

  const entry = await appendLedgerEntry({
    actorId: subject.id,
    actorRole: subject.role,
    action: "api.decision_answered",
    privacyTier: highestTier(verdicts.map((v) => v.column.tier)),
    resource: policy.ref,
    purpose,
    decision,
    columnsShown: names("clear"),
    columnsMasked: names("masked"),
    columnsDenied: names("withheld"),
    disclosedTier: null,
    policyVersion: POLICY_VERSION,
    requestId: asker.meta.requestId,
    ipHash: asker.meta.ipHash,
    uaHash: asker.meta.uaHash,
    payload: {
      token_id: asker.tokenId,
      asked_by: asker.ownerId,
      subject_active: active,
      would_disclose_tier: clear.length > 0 ? highestTier(clear.map((v) => v.column.tier)) : null,
    },
  });

  return {
    decision,
    dataset: policy.ref,
    subject: { userId: subject.id, role: subject.role, active },
    policyVersion: POLICY_VERSION,
    columns: verdicts.map((v) => ({
      name: v.column.name,
      tier: v.column.tier,
      decision: ANSWER[v.decision],
      maskRule: v.decision === "masked" ? v.column.maskRule : null,
      maskLabel: v.decision === "masked" ? MASK_RULE_LABELS[v.column.maskRule] : null,
      reason: v.reason,
    })),
    ledgerSeq: entry.seq,
  };
}

async function findSubject(subject: DecisionQuestion["subject"]) {
  const select = { id: true, role: true, status: true } as const;
  const row =
    "userId" in subject
      ? await getDb().user.findUnique({ where: { id: subject.userId }, select })
      : await getDb().user.findUnique({ where: { email: subject.email.trim().toLowerCase() }, select });
  if (!row)
    throw new AppError("not_found", "No console user matches the subject", { field: "userId" in subject ? "subject_user_id" : "subject_email" });
  return row;
}

function pick(all: readonly ColumnVerdict[], policy: DatasetPolicy, names: readonly string[] | undefined): ColumnVerdict[] {
  if (!names) return [...all];
  return [...new Set(names)].map((name) => {
    const v = all.find((x) => x.column.name === name);
    if (!v) throw new AppError("bad_request", `Unknown column ${name} in ${policy.ref}`, { field: "columns" });
    return v;
  });
}
