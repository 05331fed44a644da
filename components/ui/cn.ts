// Joins class names, skipping falsy parts. No conflict resolution: callers append, they do not override.
export function cn(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(" ");
}
