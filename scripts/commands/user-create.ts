// `warden user create --email E --role R [--name N] [--password-stdin]`: provisions a console account.
// The password is read from stdin, never from a flag (flags end up in shell history and `ps`), and is never printed.
import { createUser, ZNewUser } from "@/lib/auth/create-user";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { parseFlags, UsageError } from "./args";

export interface UserCreateIo {
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Whether single sign-on is configured; read from the environment (OIDC_ISSUER) unless a test says. */
  ssoConfigured?: boolean;
}

export async function userCreate(args: string[], io: UserCreateIo = {}): Promise<number> {
  const stdin = io.stdin ?? process.stdin;
  let input: { email: string; role: string; name: string; password?: string };
  try {
    const flags = parseFlags(args, {
      email: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      "password-stdin": { type: "boolean" },
    });
    if (!flags.email) throw new UsageError("--email is required");
    if (!flags.role) throw new UsageError("--role is required");
    let password: string | undefined;
    if (flags["password-stdin"]) {
      // Reading a terminal would echo the password; the flag is for pipes (printf '%s' "$PW" | …).
      if (stdin.isTTY) throw new UsageError("--password-stdin expects the password piped on stdin, not typed at a terminal");
      password = (await readAll(stdin)).replace(/\r?\n$/, "");
    }
    input = { email: flags.email, role: flags.role, name: flags.name ?? flags.email.split("@")[0] ?? "", password };
    const parsed = ZNewUser.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue.path[0] ?? "input");
      throw new UsageError(`${field === "password" ? "password (stdin)" : "--" + field} ${issue.message}`);
    }
    // Without SSO an account with no password could never sign in, yet would exist and hold a role.
    if (password === undefined && !(io.ssoConfigured ?? env().oidc !== null)) {
      throw new UsageError(
        "a password is required: single sign-on is not configured (OIDC_ISSUER is unset), so this account could never sign in; " +
          "pipe one with --password-stdin, e.g. printf '%s' \"$PW\" | npm run warden -- user create --email E --role R --password-stdin",
      );
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`warden user create: ${err.message}`);
    return 2;
  }

  try {
    const user = await createUser(input as Parameters<typeof createUser>[0]);
    console.log(`created user ${user.id}`);
    console.log(`  email: ${user.email}`);
    console.log(`  name:  ${user.name}`);
    console.log(`  role:  ${user.role}`);
    console.log(
      user.hasPassword
        ? "  sign-in: email and password"
        : "  sign-in: single sign-on only (no password was given; pipe one with --password-stdin to allow password sign-in)",
    );
    return 0;
  } catch (err) {
    if (err instanceof AppError && err.code === "conflict") {
      console.error(`warden user create: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += buf.length;
    // Far above any real password; stops a mistaken `cat bigfile |` from being read into memory.
    if (size > 64 * 1024) throw new UsageError("password (stdin) is too long");
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}
