// The zip's manifest (issue 8 §5): what the file is, for whom, and how each column was treated, signed by the ledger's
// checkpoint key as a C2SP signed note (lib/ledger/note.ts): manifest.json is the note's text, manifest.json.sig its
// signature line(s), so `manifest.json + "\n" + manifest.json.sig` is the whole note, checkable with any signed-note
// tool and by `warden export verify-manifest ZIP`. Pure: no files, no database.
import { z } from "zod";
import { noteSignedBy, parseNote, signNote, type Signer, type Verifier } from "@/lib/ledger/note";
import type { ExportColumnPlan, ExportFormat } from "../types";

export const MANIFEST_NAME = "manifest.json";
export const MANIFEST_SIG_NAME = "manifest.json.sig";
export const NOTICE_NAME = "NOTICE.txt";

export const ZExportManifest = z.object({
  manifest_version: z.literal(1),
  export_id: z.string(),
  recipient: z.string(),
  purpose: z.string(),
  dataset: z.string(),
  format: z.enum(["csv", "xlsx"]),
  file_name: z.string(),
  file_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  file_bytes: z.number().int().nonnegative(),
  row_count: z.number().int().nonnegative(),
  columns: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      tier: z.string(),
      treatment: z.enum(["clear", "masked", "withheld"]),
      rule: z.string().nullable(),
    }),
  ),
  export_id_column: z.boolean(),
  policy_version: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  signing_key_id: z.string(),
});
export type ExportManifest = z.infer<typeof ZExportManifest>;

export function manifestColumns(columns: readonly ExportColumnPlan[]): ExportManifest["columns"] {
  // Withheld columns are listed too: the recipient sees that they exist and were left out, as the preview said.
  return columns.map((c) => ({ name: c.name, label: c.label, tier: c.tier, treatment: c.treatment, rule: c.treatment === "masked" ? c.rule : null }));
}

export function manifestInput(a: {
  exportId: string;
  recipient: string;
  purpose: string;
  dataset: string;
  format: ExportFormat;
  fileName: string;
  sha256: string;
  bytes: number;
  rowCount: number;
  columns: readonly ExportColumnPlan[];
  exportIdColumn: boolean;
  policyVersion: string;
  createdAt: Date;
  expiresAt: Date;
}): Omit<ExportManifest, "signing_key_id"> {
  return {
    manifest_version: 1,
    export_id: a.exportId,
    recipient: a.recipient,
    purpose: a.purpose,
    dataset: a.dataset,
    format: a.format,
    file_name: a.fileName,
    file_sha256: a.sha256,
    file_bytes: a.bytes,
    row_count: a.rowCount,
    columns: manifestColumns(a.columns),
    export_id_column: a.exportIdColumn,
    policy_version: a.policyVersion,
    created_at: a.createdAt.toISOString(),
    expires_at: a.expiresAt.toISOString(),
  };
}

/** The manifest's text (indented JSON: no blank line, since strings never hold a raw newline) and its signature lines. */
export function signManifest(manifest: Omit<ExportManifest, "signing_key_id">, signer: Signer): { text: string; signature: string } {
  const text = `${JSON.stringify({ ...manifest, signing_key_id: `${signer.name}+${signer.keyId}` }, null, 2)}\n`;
  const note = signNote(text, signer);
  return { text, signature: note.slice(text.length + 1) };
}

export type ManifestCheck = { ok: true; manifest: ExportManifest; keyId: string } | { ok: false; reason: string };

/** Checks the signature against the trusted keys, then the manifest's shape. Does not look at the file. */
export function verifyManifestText(text: string, signature: string, trusted: readonly Verifier[]): ManifestCheck {
  let note;
  try {
    note = parseNote(`${text}\n${signature}`);
  } catch (err) {
    return { ok: false, reason: `the manifest's signature is malformed: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (note.text !== text) return { ok: false, reason: "the manifest's signature file does not belong to this manifest" };
  const by = trusted.find((v) => noteSignedBy(note, v));
  if (!by) {
    const names = note.signatures.map((s) => `${s.name}+${s.keyId}`).join(", ");
    return { ok: false, reason: `the manifest is not signed by a trusted key (signed by: ${names || "none"})` };
  }
  const parsed = ZExportManifest.safeParse(JSON.parse(text));
  if (!parsed.success) return { ok: false, reason: `the signed manifest is not a Warden export manifest: ${parsed.error.issues[0]?.message}` };
  return { ok: true, manifest: parsed.data, keyId: `${by.name}+${by.keyId}` };
}
