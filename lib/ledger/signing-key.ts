// The checkpoint signing key (decision 018): kept outside the console database, so a copy or a dump of the database
// cannot sign. Inline by WARDEN_LEDGER_KEY or in a file (WARDEN_LEDGER_KEY_FILE, default <data dir>/ledger-signing.key)
// holding one `PRIVATE+KEY+…` line. The embedded SQLite default generates it on first start (mode 600); PostgreSQL
// deployments run several instances against one database, so each must be given the same key: never generated there.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/core/env";
import { ensurePrivateDir, PRIVATE_FILE_MODE } from "@/lib/core/private-files";
import { dbTarget } from "@/lib/db/client";
import { generateSigner, parseSignerKey, type Signer } from "./note";

export interface SigningKeySource {
  /** The key itself (WARDEN_LEDGER_KEY), which wins over the file. */
  inline: string | null;
  file: string;
  /** A missing file is generated (the embedded default) or an error (PostgreSQL). */
  generate: boolean;
  /** The name of a generated key (the checkpoints' origin). */
  name: string;
}

export function signingKeySource(): SigningKeySource {
  const e = env();
  return { inline: e.ledgerKey.inline, file: e.ledgerKey.file, generate: dbTarget().dialect === "sqlite", name: e.ledgerOrigin };
}

/** Reads (or, on the embedded default, first generates) the signing key. Throws a one-line reason. */
export function loadSigningKey(source: SigningKeySource = signingKeySource()): Signer {
  if (source.inline) return parseKey(source.inline, "WARDEN_LEDGER_KEY");
  if (!existsSync(source.file)) {
    if (!source.generate) {
      throw new Error(
        `the ledger signing key ${source.file} does not exist: a PostgreSQL deployment must provide it (WARDEN_LEDGER_KEY or WARDEN_LEDGER_KEY_FILE)`,
      );
    }
    ensurePrivateDir(path.dirname(source.file));
    const signer = generateSigner(source.name);
    // "wx": when two processes start at once, the second reads what the first wrote.
    try {
      writeFileSync(source.file, `${signer.skey}\n`, { mode: PRIVATE_FILE_MODE, flag: "wx" });
      return signer;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  return parseKey(readFileSync(source.file, "utf8"), source.file);
}

function parseKey(text: string, where: string): Signer {
  try {
    return parseSignerKey(text.trim());
  } catch (err) {
    throw new Error(`the ledger signing key in ${where} is unusable: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Server start: the embedded default makes its key before the first checkpoint is due; PostgreSQL says what is
 * missing (the checkpoint job then fails with the same line until the key is provided). */
export function ensureSigningKey(): void {
  try {
    loadSigningKey(signingKeySource());
  } catch (err) {
    console.error(`[warden] ${err instanceof Error ? err.message : String(err)}`);
  }
}
