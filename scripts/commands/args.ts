// Flag parsing shared by the CLI commands: unknown flags and stray arguments are an error (exit 2), never
// silently ignored, so a mistyped `--allow-pruned-payloads` cannot turn into a default the operator did not ask for.
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

export function parseFlags<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(describeParseError(err as Error & { code?: string }, options));
  }
}

/** Bad command-line usage: the CLI prints the message on one line and exits 2. */
export class UsageError extends Error {}

function describeParseError(err: Error & { code?: string }, options: Options): string {
  const known = Object.entries(options).map(([name, o]) => (o.type === "string" ? `--${name} VALUE` : `--${name}`));
  const takes = known.length ? `this command takes ${known.join(", ")}` : "this command takes no flags";
  // Node's messages are clear but long and mention positionals, which no command takes.
  const quoted = /'([^']*)'/.exec(err.message)?.[1] ?? "";
  switch (err.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown flag ${quoted} (${takes})`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${JSON.stringify(quoted)} (${takes})`;
    default:
      return err.message.split("\n")[0];
  }
}
