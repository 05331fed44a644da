// `warden demo info --url U`: where the console is and how to sign in to the demo.
import { env } from "@/lib/core/env";
import { ROLE_LABELS } from "@/lib/core/permissions";
import { DEMO_USERS } from "@/lib/demo/seed-demo";
import { loadSigningKey, signingKeySource } from "@/lib/ledger/signing-key";
import { parseFlags } from "./args";

export async function demoInfo(args: string[]): Promise<number> {
  const { url } = parseFlags(args, { url: { type: "string", default: "http://127.0.0.1:3000" } });
  const lines = [
    "",
    `Warden is starting at ${url}`,
    "",
    `Demo sign-ins (password: ${env().demoPassword}; set WARDEN_DEMO_PASSWORD before seeding to change it):`,
    ...DEMO_USERS.map((u) => `  ${u.email.padEnd(24)} ${ROLE_LABELS[u.role]}${u.grants.length ? ` — grants: ${u.grants.join(", ")}` : ""}`),
    "",
    ...verifierKeyLines(),
  ];
  console.log(lines.join("\n"));
  return 0;
}

/** The ledger's public key, for `ledger verify --trusted-key` on proofs and bundles (read only, never generated). */
function verifierKeyLines(): string[] {
  try {
    const key = loadSigningKey({ ...signingKeySource(), generate: false });
    return ["Ledger checkpoints are signed by (pass it to `ledger verify --proof|--bundle FILE --trusted-key …`):", `  ${key.vkey}`, ""];
  } catch {
    return [];
  }
}
