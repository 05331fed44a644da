// `warden export verify-manifest ZIP [--trusted-key VKEY]...`: checks a downloaded export archive: the manifest's
// signature (a C2SP signed note by the ledger's checkpoint key), and that the file inside is the one it names (SHA-256,
// size). Without --trusted-key it trusts the keys this deployment publishes (its signing key and rotated ones); with
// it, only the keys given, so a holder of the archive can check it on a machine with no database.
import { existsSync } from "node:fs";
import { verifyManifestZip } from "@/lib/exports/build/verify-manifest-zip";
import { parseVerifierKey, type Verifier } from "@/lib/ledger/note";
import { publishedVerifierKeys } from "@/lib/ledger/published-keys";
import { parseFlags, UsageError } from "./args";

export async function exportVerifyManifest(args: string[]): Promise<number> {
  const zip = args[0] !== undefined && !args[0].startsWith("-") ? args[0] : undefined;
  const flags = parseFlags(zip === undefined ? args : args.slice(1), { "trusted-key": { type: "string", multiple: true } });
  if (zip === undefined) throw new UsageError("give the archive first: export verify-manifest ZIP [--trusted-key VKEY]...");
  if (!existsSync(zip)) throw new UsageError(`${zip} does not exist`);
  let trusted: Verifier[];
  if (flags["trusted-key"]?.length) {
    trusted = flags["trusted-key"].map((k) => {
      try {
        return parseVerifierKey(k);
      } catch (err) {
        throw new UsageError(
          `--trusted-key ${JSON.stringify(k.slice(0, 40))} is not a verifier key: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    });
  } else {
    trusted = await publishedVerifierKeys();
  }
  const checked = await verifyManifestZip(zip, trusted);
  if (!checked.ok) {
    console.error(`export verify-manifest: ${checked.reason}`);
    return 1;
  }
  const m = checked.manifest;
  console.log(
    `ok: ${m.file_name} is export ${m.export_id} for ${m.recipient}, ${m.row_count} rows, SHA-256 ${m.file_sha256}; manifest signed by ${checked.keyId}`,
  );
  return 0;
}
