// An entry's inclusion proof on its detail page (issue 7 §2): the signed checkpoint it is proven against, the tree
// size, the root, the audit path, a download link and the command that checks the file offline. The page loads the
// view with `entryProofView(dbTarget(), seq)` (lib/ledger/proofs.ts) after checking ledger.read; the download
// route checks again.
import { Alert } from "@/components/ui/alert";
import { buttonClassName } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { EntryProofView } from "@/lib/ledger/proofs";

const short = (hex: string) => `${hex.slice(0, 12)}…${hex.slice(-6)}`;

export function EntryProof({ proof }: { proof: EntryProofView }) {
  if (proof.status === "unavailable") {
    return (
      <Alert variant="error" title="Inclusion proof unavailable">
        {proof.message}
      </Alert>
    );
  }
  if (proof.status === "not_covered") {
    return (
      <Card as="section" aria-labelledby="entry-proof-title">
        <CardHeader titleId="entry-proof-title" title="Inclusion proof" />
        <p className="px-4 py-3 text-sm text-slate-700" data-testid="proof-not-covered">
          {proof.message}
        </p>
      </Card>
    );
  }
  return (
    <Card as="section" aria-labelledby="entry-proof-title">
      <CardHeader
        titleId="entry-proof-title"
        title="Inclusion proof"
        description="This entry is in the ledger the checkpoint below signs. The proof checks offline, without Warden's database."
        actions={
          <a href={proof.downloadHref} download={proof.fileName} className={buttonClassName({ size: "sm" })}>
            Download proof
          </a>
        }
      />
      <dl className="grid gap-x-4 gap-y-2 px-4 py-3 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-slate-600">Checkpoint</dt>
        <dd data-testid="proof-checkpoint">
          tree size {proof.treeSize} · {proof.origin} · signed by {proof.signedBy.join(", ")}
        </dd>
        <dt className="text-slate-600">Leaf</dt>
        <dd>
          index {proof.leafIndex} · entry hash <code className="text-xs">{short(proof.entryHash)}</code>
        </dd>
        <dt className="text-slate-600">Root</dt>
        <dd>
          <code className="break-all text-xs">{proof.rootHash}</code>
        </dd>
        <dt className="text-slate-600">Audit path</dt>
        <dd>
          {proof.auditPath.length === 0 ? (
            "none (the tree has one leaf)"
          ) : (
            <ol className="list-decimal space-y-0.5 pl-5" aria-label="Audit path, leaf to root">
              {proof.auditPath.map((h, i) => (
                <li key={i}>
                  <code className="text-xs" title={h}>
                    {short(h)}
                  </code>
                </li>
              ))}
            </ol>
          )}
        </dd>
        <dt className="text-slate-600">Check it</dt>
        <dd>
          <code className="break-all text-xs">npm run warden -- ledger verify --proof {proof.fileName} --trusted-key &apos;VKEY&apos;</code>
        </dd>
      </dl>
    </Card>
  );
}
