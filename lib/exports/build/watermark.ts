// The visible watermark (issue 8 §5): who the file is for, why, which export, when. The same words in the CSV's first
// line, the XLSX banner row and header/footer, and the zip's NOTICE.
export interface WatermarkFacts {
  exportId: string;
  recipient: string;
  purpose: string;
  datasetRef: string;
  /** When the build started: the time the file's name and watermark carry. */
  createdAt: Date;
}

/** One line, whatever the purpose holds (a newline would break the CSV comment and the XLSX header). */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, " ").trim();
}

export function watermarkLine(f: WatermarkFacts): string {
  return `CONFIDENTIAL — export ${f.exportId} of ${f.datasetRef} for ${oneLine(f.recipient)}; purpose: ${oneLine(f.purpose)}; created ${f.createdAt.toISOString()}. Do not share; every copy is traceable to its recipient.`;
}

/** The CSV's first line (a `#` comment; most readers take `#` lines as comments when told to), CRLF like every record. */
export function csvCommentLine(f: WatermarkFacts): string {
  return `# ${watermarkLine(f)}\r\n`;
}

/**
 * Excel header/footer codes: &L/&C/&R sections, && is a literal ampersand. The footer adds the page number so a
 * printed page still names its export.
 */
export function xlsxHeaderFooter(f: WatermarkFacts): { oddHeader: string; oddFooter: string } {
  const esc = (s: string) => oneLine(s).replace(/&/g, "&&");
  return {
    oddHeader: `&LCONFIDENTIAL — ${esc(f.recipient)}&R${esc(f.exportId)}`,
    oddFooter: `&LPurpose: ${esc(f.purpose)}&C${esc(f.createdAt.toISOString())}&RPage &P of &N`,
  };
}

export function noticeText(f: WatermarkFacts & { expiresAt: Date; fileName: string; rowCount: number; sha256: string }): string {
  return [
    "CONFIDENTIAL",
    "",
    `This archive holds ${f.fileName}, an export of ${f.datasetRef} made by Warden for one recipient:`,
    "",
    `  Recipient:  ${oneLine(f.recipient)}`,
    `  Purpose:    ${oneLine(f.purpose)}`,
    `  Export id:  ${f.exportId}`,
    `  Created:    ${f.createdAt.toISOString()}`,
    `  Expires:    ${f.expiresAt.toISOString()} (the server deletes its copy then; delete yours when the purpose is done)`,
    `  Rows:       ${f.rowCount}`,
    `  SHA-256:    ${f.sha256}`,
    "",
    "It may contain personal data. Use it only for the purpose above; do not forward, publish or re-share it.",
    "Every copy carries visible and invisible marks that name its recipient: a leaked copy is traced back to this export.",
    "",
    "manifest.json lists the columns and how each was masked; manifest.json.sig is its signature by the ledger's",
    "checkpoint key (a C2SP signed note: manifest.json, a blank line, then the signature line).",
    "",
  ].join("\n");
}
