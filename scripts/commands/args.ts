// Flag parsing shared by the CLI commands: unknown flags are an error, not silently ignored.
import { parseArgs, type ParseArgsConfig } from "node:util";

export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export class UsageError extends Error {}
