// Password hashing with argon2id at the OWASP Password Storage Cheat Sheet minimum (19 MiB, 2 passes, 1 lane).
// Those parameters cost ~25 ms per check here: slow enough to make offline guessing expensive, cheap enough
// that a burst of sign-ins does not exhaust the libuv thread pool that argon2 runs on.
import * as argon2 from "argon2";

export const PASSWORD_HASH_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456, // KiB = 19 MiB
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * A hash of a random, discarded password with the same parameters as real hashes. Unknown, disabled, locked
 * and SSO-only accounts are checked against it, so a refusal takes as long as a wrong password and response
 * time does not reveal whether an email has an account (no user enumeration by timing).
 */
export const DUMMY_PASSWORD_HASH = "$argon2id$v=19$m=19456,p=1,t=2$OvadSjIwuTN2fBOC2QVlxw$R9fqTMKgeqPv/HrmWfVSjN3rSDPiTTrhqEQ0dPHfegQ";

export async function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, PASSWORD_HASH_OPTIONS);
}

/** False for a wrong password and for a malformed stored hash: a corrupt row must refuse, never throw a 500. */
export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

/** Spends the time of one real check and refuses; see DUMMY_PASSWORD_HASH. */
export async function burnPasswordCheck(plain: string): Promise<false> {
  await verifyPassword(DUMMY_PASSWORD_HASH, plain);
  return false;
}

/** True when a stored hash was made with weaker (older) parameters and should be replaced at the next sign-in. */
export function passwordNeedsRehash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, PASSWORD_HASH_OPTIONS);
  } catch {
    return true;
  }
}
