// Sign-in throttling as an attacker meets it: one address guessing is locked out (429) without a password check,
// while another address still signs in. The e2e server trusts loopback as a proxy, so each test names its own
// client address with X-Forwarded-For.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { demoPassword, DEMO } from "./fixtures";

async function attempt(request: APIRequestContext, address: string, email: string, password: string) {
  const headers = { "x-forwarded-for": address };
  const { csrfToken } = (await (await request.get("/api/auth/csrf", { headers })).json()) as { csrfToken: string };
  return request.post("/api/auth/callback/credentials", {
    headers,
    form: { csrfToken, email, password, json: "true", callbackUrl: "/" },
  });
}

test("an address that keeps failing is refused with 429 before any password is checked; other addresses are not", async ({ playwright }) => {
  const attacker = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const address = `198.51.100.${Math.floor(Math.random() * 200) + 20}`;
  let last = 0;
  for (let i = 0; i < 20; i++) last = (await attempt(attacker, address, `nobody-${i}@throttle.invalid`, "guess")).status();
  expect(last).toBe(401);
  // Even the right password for a real account is refused from that address now.
  const refused = await attempt(attacker, address, DEMO.auditor, demoPassword());
  expect(refused.status()).toBe(429);
  expect(refused.headers()["retry-after"]).toBeTruthy();
  expect(((await refused.json()) as { url: string }).url).toContain("error=RateLimited");

  const friend = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const ok = await attempt(friend, "203.0.113.77", DEMO.auditor, demoPassword());
  expect(ok.status()).toBe(200);
  await attacker.dispose();
  await friend.dispose();
});
