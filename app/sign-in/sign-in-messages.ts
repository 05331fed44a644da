// What the sign-in page says for each next-auth error code. Refusals never say which check failed.

export const CREDENTIALS_ERROR = "Email or password is incorrect, or the account is temporarily locked after repeated failures.";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: CREDENTIALS_ERROR,
  AccessDenied: "Your single sign-on account does not have access to Warden. Ask a privacy admin to create your Warden account.",
  SessionRequired: "Sign in to continue.",
  SignInUnavailable: "Sign-in is temporarily unavailable. Please try again in a minute.",
  RateLimited: "Too many failed sign-ins from your network. Wait a few minutes, then try again.",
};

const FALLBACK = "Sign-in could not be completed. Please try again; if it keeps failing, contact a privacy admin.";

/** The message for an error code from next-auth (query string or signIn() result); null for none. */
export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  // Own keys only: ?error=__proto__ must not read Object.prototype.
  return Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : FALLBACK;
}
