// ESLint (flat config): Next's rules, typescript-eslint, two type-aware promise rules, and the dependency rules of
// ARCHITECTURE.md as code. `npm run lint` runs this with Prettier's check and knip. Choices and their reasons:
// docs/decisions/006-lint-and-format.md.
import { defineConfig, globalIgnores } from "eslint/config";
import boundaries from "eslint-plugin-boundaries";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// The layers, top to bottom. Each folder is one element; files inside one element may import each other freely.
// Patterns are whole paths from the repository root (partialMatch: false), so `lib/core` never matches elsewhere.
const elements = [
  { type: "app", pattern: "app", partialMatch: false },
  { type: "components", pattern: "components", partialMatch: false },
  { type: "scripts", pattern: "scripts", partialMatch: false },
  { type: "e2e", pattern: "e2e", partialMatch: false },
  { type: "lib-test", pattern: "lib/test", partialMatch: false },
  { type: "core", pattern: "lib/core", partialMatch: false },
  { type: "db", pattern: "lib/db", partialMatch: false },
  { type: "ledger", pattern: "lib/ledger", partialMatch: false },
  { type: "access", pattern: "lib/access", partialMatch: false },
  // What the gateway reads to decide and fetch: grants, dataset policies, masks, the warehouse connector.
  { type: "gateway-input", pattern: "lib/{scopes,catalog,masking,warehouse}", partialMatch: false },
  // Infrastructure that domains (the scopes workflow included) build on: the job queue and the console inbox.
  { type: "infra", pattern: "lib/{jobs,inbox}", partialMatch: false },
  // Every other lib/<domain> (auth, people, demo; later exports, holds, sla).
  { type: "domain", pattern: "lib/*", partialMatch: false },
];

// Tests and test helpers may import anything they need (route handlers in app/ included); nothing else may import them.
const files = [
  { category: "test", pattern: "**/*.test.{ts,tsx}" },
  { category: "test", pattern: "**/test-helpers.ts" },
  { category: "test", pattern: "lib/test/**" },
  { category: "test", pattern: "e2e/**" },
  // Root entry points and configuration files (instrumentation.ts, next.config.ts, ...). A file
  // category, not an element: element patterns name folders.
  { category: "root", pattern: "*.{ts,mts,mjs}" },
  // The benchmark drives the domain functions with the test fixtures.
  { category: "harness", pattern: "scripts/bench.ts" },
  { category: "harness", pattern: "scripts/bench/*.ts" },
];

const LIB = ["domain", "access", "gateway-input", "infra", "ledger", "db", "core"];

// Client-safe, side-effect-free lib modules that components may import values from (everything else: `import type`).
const PURE_FOR_COMPONENTS = [
  { element: { type: "core", fileInternalPath: ["permissions.ts", "tiers.ts"] } },
  { element: { type: "domain", path: "lib/auth", fileInternalPath: "callback-path.ts" } },
  // The SLA vocabulary is zod-free labels and constants (lib/sla/types.ts says so) that the SLA charts and tiles show.
  { element: { type: "domain", path: "lib/sla", fileInternalPath: "types.ts" } },
];

const layering = {
  default: "disallow",
  message:
    "{{from.file.path}} may not import {{dependency.source}}: dependencies point one way, `app → lib/<domain> → lib/access → lib/ledger → lib/db → lib/core`; components take only types and pure helpers from lib/; nothing imports app/ (ARCHITECTURE.md).",
  policies: [
    // Dependencies point one way, down the chain; a layer may skip layers below it.
    { from: { element: { type: "app" } }, allow: { to: { element: { types: ["components", ...LIB] } } } },
    { from: { element: { type: "scripts" } }, allow: { to: { element: { types: LIB } } } },
    { from: { file: { categories: "root" } }, allow: { to: { element: { types: LIB } } } },
    { from: { element: { type: "domain" } }, allow: { to: { element: { types: LIB } } } },
    { from: { element: { type: "access" } }, allow: { to: { element: { types: ["gateway-input", "ledger", "db", "core"] } } } },
    { from: { element: { type: "gateway-input" } }, allow: { to: { element: { types: ["gateway-input", "infra", "ledger", "db", "core"] } } } },
    { from: { element: { type: "infra" } }, allow: { to: { element: { types: ["infra", "ledger", "db", "core"] } } } },
    { from: { element: { type: "ledger" } }, allow: { to: { element: { types: ["db", "core"] } } } },
    { from: { element: { type: "db" } }, allow: { to: { element: { types: ["core"] } } } },
    // components/ take only types, and values from an allow-list of pure modules, from lib/.
    { from: { element: { type: "components" } }, allow: { to: { element: { types: LIB } }, dependency: { kind: "type" } } },
    { from: { element: { type: "components" } }, allow: { to: PURE_FOR_COMPONENTS } },
    // Production code never imports test code; tests (and the benchmark harness) may import anything.
    { disallow: { to: { file: { categories: ["test"] } } }, message: "{{from.file.path}} may not import test code ({{dependency.source}})." },
    { from: { file: { categories: ["test", "harness"] } }, allow: { to: [{ element: { types: "*" } }, { file: { categories: "root" } }] } },
  ],
};

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    name: "warden/type-aware",
    files: ["**/*.{ts,tsx,mts}"],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["vitest.config.mts"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // An un-awaited ledger append would answer before the entry is written: law 1 needs it awaited (fail closed).
      // An un-awaited `expect(...).rejects` passes whatever happens.
      "@typescript-eslint/no-floating-promises": "error",
      // Async handlers on JSX attributes (onSubmit, onClick) are how React 19 forms work; only misuse elsewhere.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    name: "warden/layering",
    files: ["**/*.{js,jsx,mjs,ts,tsx,mts,cts}"],
    plugins: { boundaries },
    settings: {
      "boundaries/elements": elements,
      "boundaries/files": files,
      "boundaries/legacy-templates": false,
      // import/no-cycle parses every module it reaches. Packages and the generated Prisma clients import nothing of
      // ours, so no cycle can pass through them; skipping them cuts the rule's time by about four fifths.
      "import/ignore": ["node_modules", "lib/db/generated/"],
    },
    rules: {
      "boundaries/dependencies": ["error", layering],
      // Runtime cycles only: `import type` is erased at build time.
      "import/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    name: "warden/rules",
    rules: {
      // CI fails on errors only, so a rule worth having is an error; unused code is an error too (knip finds the rest).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-unused-expressions": "error",
    },
  },
  globalIgnores(["lib/db/generated/**", "prisma/generated/**", "data/**", "test-results/**", "playwright-report/**"]),
]);
