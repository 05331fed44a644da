// Stand-in for the `server-only` package under Vitest (aliased in vitest.config.ts). The real package
// throws when imported outside a React Server Components build; tests run plain Node, where the
// server-only code under test is allowed.
export {};
