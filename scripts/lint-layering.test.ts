// The layering of ARCHITECTURE.md is enforced by eslint.config.mjs, not only written down: these cases lint a
// one-line import as if it lived at a given path and check that the rule refuses (or lets through) exactly what
// the architecture says.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "..");

// Only the rule under test runs: the fake files are not on disk, so the type-aware rules (which need the file in
// the TypeScript program) and import/no-cycle (which walks files on disk) are left out of the layering cases.
function eslintWith(ruleId: string): ESLint {
  return new ESLint({
    cwd: root,
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
    ruleFilter: (rule) => rule.ruleId === ruleId,
  });
}

let boundaries: ESLint;
let cycles: ESLint;

// Loading the config and its plugins takes seconds on a busy machine; pay it once, outside the cases.
beforeAll(async () => {
  boundaries = eslintWith("boundaries/dependencies");
  cycles = eslintWith("import/no-cycle");
  await boundaries.lintText("export {};\n", { filePath: path.join(root, "lib/core/warm-up.ts") });
  await cycles.lintText("export {};\n", { filePath: path.join(root, "lib/core/clock.ts") });
}, 120_000);

async function lint(eslint: ESLint, file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  // A parse error would make every case "pass" with no layering message, so none is allowed.
  expect(result.messages.filter((m) => m.fatal)).toEqual([]);
  return result.messages;
}

const layeringErrors = async (file: string, code: string) =>
  (await lint(boundaries, file, code)).filter((m) => m.ruleId === "boundaries/dependencies");

describe("layering (boundaries/dependencies)", () => {
  it.each([
    ["components take no values from lib/db", "components/fake.tsx", `import { getDb } from "@/lib/db/client";`],
    ["components take no server modules of a domain", "components/fake.tsx", `import { requireUser } from "@/lib/auth/session";`],
    ["components never import app/", "components/fake.tsx", `import Home from "@/app/(console)/page";`],
    ["lib/core is the bottom layer", "lib/core/fake.ts", `import { getDb } from "@/lib/db/client";`],
    ["lib/db does not reach up to the ledger", "lib/db/fake.ts", `import { appendLedgerEntry } from "@/lib/ledger/append";`],
    ["lib/ledger does not reach up to the gateway", "lib/ledger/fake.ts", `import { readRestricted } from "@/lib/access/gateway";`],
    ["the gateway's inputs do not call the gateway", "lib/scopes/fake.ts", `import { readRestricted } from "@/lib/access/gateway";`],
    ["the gateway's inputs do not reach up even for types", "lib/scopes/fake.ts", `import type { GatedResult } from "@/lib/access/types";`],
    ["the gateway does not call a domain", "lib/access/fake.ts", `import { searchPeople } from "@/lib/people/search-people";`],
    ["a domain never imports app/", "lib/people/fake.ts", `import Home from "@/app/(console)/page";`],
    ["the CLI never imports app/", "scripts/fake.ts", `import Home from "@/app/(console)/page";`],
    ["a root entry point (instrumentation.ts) never imports app/", "entry-fake.ts", `import Home from "@/app/(console)/page";`],
    ["production code never imports test fixtures", "lib/people/fake.ts", `import { createTestUser } from "@/lib/test/fixtures";`],
    ["production code never imports test helpers", "app/fake.ts", `import { createTestUser } from "@/lib/auth/test-helpers";`],
    ["the CLI never imports test fixtures", "scripts/fake.ts", `import { createTestUser } from "@/lib/test/fixtures";`],
  ])("refuses: %s", async (_case, file, code) => {
    const errors = await layeringErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain("may not import");
  });

  it.each([
    ["app calls a domain", "app/fake.ts", `import { searchPeople } from "@/lib/people/search-people";`],
    ["app renders components", "app/fake.tsx", `import { Button } from "@/components/ui/button";`],
    ["a domain calls the gateway", "lib/people/fake.ts", `import { readRestricted } from "@/lib/access/gateway";`],
    ["a domain writes ledger entries", "lib/auth/fake.ts", `import { appendLedgerEntry } from "@/lib/ledger/append";`],
    ["the gateway reads grants", "lib/access/fake.ts", `import { listActiveGrants } from "@/lib/scopes/list-active-grants";`],
    ["a gateway input names who acts, from the bottom layer", "lib/scopes/fake.ts", `import type { RequestMeta } from "@/lib/core/actor";`],
    ["components import types from anywhere in lib/", "components/fake.tsx", `import type { GatedCell } from "@/lib/access/types";`],
    ["components import pure helpers", "components/fake.tsx", `import { TIER_LABELS } from "@/lib/core/tiers";`],
    ["components import the safe callback path", "components/fake.tsx", `import { safeCallbackPath } from "@/lib/auth/callback-path";`],
    ["the CLI calls domains", "scripts/fake.ts", `import { getPerson } from "@/lib/people/get-person";`],
    ["tests import anything, app/ included", "lib/people/fake.test.ts", `import Home from "@/app/(console)/page";`],
    ["tests import fixtures", "lib/people/fake.test.ts", `import { createTestUser } from "@/lib/test/fixtures";`],
  ])("allows: %s", async (_case, file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });

  it("refuses a value import where only a type import is allowed", async () => {
    const file = "components/fake.tsx";
    expect(await layeringErrors(file, `import type { GatedCell } from "@/lib/access/types";`)).toEqual([]);
    expect(await layeringErrors(file, `import { type GatedCell } from "@/lib/access/types";`)).toHaveLength(1);
  });
});

describe("no import cycles (import/no-cycle)", () => {
  // lib/core/schemas.ts imports ./tiers, so tiers importing schemas closes a loop through real files.
  it("refuses an import that closes a cycle", async () => {
    const messages = await lint(cycles, "lib/core/tiers.ts", `import { ZScope } from "./schemas";\nexport const x = ZScope;\n`);
    expect(messages.map((m) => m.ruleId)).toContain("import/no-cycle");
  });

  it("lets the same import through when it closes no cycle", async () => {
    const messages = await lint(cycles, "lib/core/clock.ts", `import { ZScope } from "./schemas";\nexport const x = ZScope;\n`);
    expect(messages).toEqual([]);
  });
});
