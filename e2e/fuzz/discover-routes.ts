// Walks app/ the way Next's App Router maps folders to URLs, so the route fuzz test covers new routes without edits.
import fs from "node:fs";
import path from "node:path";

export type Segment = { kind: "static"; value: string } | { kind: "dynamic" | "catch-all" | "optional-catch-all"; name: string };

export interface Route {
  /** The URL pattern as Next prints it, e.g. `/people/[personId]`. */
  pattern: string;
  kind: "page" | "handler";
  segments: Segment[];
  /** Search-param names the route's own files read (`sp.q`, `searchParams.get("q")`, ...). */
  queryKeys: string[];
}

const PAGE_FILE = /^page\.(tsx|ts|jsx|js|mdx)$/;
const ROUTE_FILE = /^route\.(ts|tsx|js|jsx)$/;
// Intercepting routes, e.g. (.)photo or (..)(..)photo, only change client-side navigation.
const INTERCEPTING = /^\(\.{1,3}\)|^\(\.\.\)\(\.\.\)/;
const GROUP = /^\(.+\)$/;

export function discoverRoutes(appDir: string): Route[] {
  const routes = new Map<string, Route>();
  walk(appDir, [], routes);
  return [...routes.values()].sort((a, b) => a.pattern.localeCompare(b.pattern) || a.kind.localeCompare(b.kind));
}

function walk(dir: string, segments: Segment[], out: Map<string, Route>): void {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.isFile()) {
      const kind = PAGE_FILE.test(entry.name) ? "page" : ROUTE_FILE.test(entry.name) ? "handler" : null;
      if (!kind) continue;
      const pattern = toPattern(segments);
      const key = `${kind} ${pattern}`;
      const queryKeys = readQueryKeys(dir);
      const existing = out.get(key);
      // A parallel-route slot (@slot) can give the same URL a second page file: merge what both read.
      if (existing) existing.queryKeys = [...new Set([...existing.queryKeys, ...queryKeys])].sort();
      else out.set(key, { pattern, kind, segments, queryKeys });
      continue;
    }
    if (!entry.isDirectory()) continue;
    const name = entry.name;
    const child = path.join(dir, name);
    // _private folders are not routes; @slots and (groups) add no URL segment.
    if (name.startsWith("_") || INTERCEPTING.test(name)) continue;
    if (name.startsWith("@") || GROUP.test(name)) {
      walk(child, segments, out);
      continue;
    }
    walk(child, [...segments, toSegment(name)], out);
  }
}

function toSegment(name: string): Segment {
  let m = /^\[\[\.\.\.(.+)\]\]$/.exec(name);
  if (m) return { kind: "optional-catch-all", name: m[1]! };
  m = /^\[\.\.\.(.+)\]$/.exec(name);
  if (m) return { kind: "catch-all", name: m[1]! };
  m = /^\[(.+)\]$/.exec(name);
  if (m) return { kind: "dynamic", name: m[1]! };
  return { kind: "static", value: name };
}

function toPattern(segments: Segment[]): string {
  const parts = segments.map((s) => {
    switch (s.kind) {
      case "static":
        return s.value;
      case "dynamic":
        return `[${s.name}]`;
      case "catch-all":
        return `[...${s.name}]`;
      case "optional-catch-all":
        return `[[...${s.name}]]`;
    }
  });
  return `/${parts.join("/")}`;
}

// Heuristic, on purpose: it only adds keys to the fuzz's fixed list, so a key read through a helper elsewhere
// is still fuzzed under the fixed names, never silently dropped.
const KEY_PATTERNS = [
  /\bsp\??\.([A-Za-z_$][\w$]*)/g,
  /\b(?:searchParams|params|query)\??\.(?!get\b|getAll\b|has\b|then\b)([A-Za-z_$][\w$]*)/g,
  /\b(?:searchParams|params|query)\??\.(?:get|getAll|has)\(\s*["'`]([^"'`]+)["'`]/g,
];

function readQueryKeys(dir: string): string[] {
  const keys = new Set<string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile() || !/\.(tsx?|jsx?)$/.test(entry.name) || /\.test\./.test(entry.name)) continue;
    const source = fs.readFileSync(path.join(dir, entry.name), "utf8");
    for (const pattern of KEY_PATTERNS) {
      for (const m of source.matchAll(pattern)) keys.add(m[1]!);
    }
  }
  return [...keys].sort();
}
