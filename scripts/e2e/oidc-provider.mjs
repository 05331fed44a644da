// scripts/e2e/oidc-provider.mjs: a real OpenID provider (panva's certified oidc-provider) for the e2e step only.
//
//   OIDC_ISSUER=http://127.0.0.1:PORT OIDC_CLIENT_ID=… OIDC_CLIENT_SECRET=… NEXTAUTH_URL=http://127.0.0.1:APP \
//     node scripts/e2e/oidc-provider.mjs
//
// Listens on the issuer's host and port with one confidential client whose redirect URI is the console's
// next-auth callback. Anyone can sign in with any email address and no password: the account's email is the
// login (verified), and its subject a hash of it, so the same email always comes back as the same subject.
// Whether that person may enter Warden is the console's decision, which is what the e2e journey tests.
// Keys are generated at start and never leave the process; nothing secret is logged.
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import Provider from "oidc-provider";

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`oidc-provider: ${name} is not set`);
    process.exit(2);
  }
  return value;
}

const issuer = new URL(required("OIDC_ISSUER"));
const clientId = required("OIDC_CLIENT_ID");
const clientSecret = required("OIDC_CLIENT_SECRET");
const redirectUri = `${required("NEXTAUTH_URL").replace(/\/+$/, "")}/api/auth/callback/oidc`;
const SCOPE = "openid email profile";

// Subjects seen since start, so findAccount can answer for a subject with its email.
const emailBySubject = new Map();
const subjectFor = (email) => createHash("sha256").update(email).digest("base64url").slice(0, 32);

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: "jwk" }), kid: randomBytes(8).toString("hex"), use: "sig", alg: "RS256" };

const provider = new Provider(issuer.origin, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString("base64url")] },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  // next-auth reads the profile from the ID token alone (idToken: true), so the scope's claims go in it.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  // Seconds; short, and set so the provider does not print a notice for each default it falls back to.
  ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, sub) {
    const email = emailBySubject.get(sub);
    if (!email) return undefined;
    return {
      accountId: sub,
      claims: () => ({ sub, email, email_verified: true, name: email.split("@")[0] }),
    };
  },
  // The console is this provider's only client and first party: consent is implied, so no consent page.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(SCOPE);
    await grant.save();
    return grant;
  },
  async renderError(ctx, out) {
    ctx.type = "html";
    ctx.body = page("Sign-in error", `<p>${escapeHtml(out.error)}: ${escapeHtml(out.error_description ?? "")}</p>`);
  },
});

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

function page(title, body) {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body style="font-family:sans-serif;max-width:24rem;margin:4rem auto"><h1>${escapeHtml(title)}</h1>${body}</body></html>`
  );
}

function loginPage(uid, error) {
  return page(
    "Test identity provider",
    (error ? `<p role="alert">${escapeHtml(error)}</p>` : "") +
      `<form method="post" action="/interaction/${escapeHtml(uid)}/login">` +
      `<p><label for="email">Email</label><br><input id="email" name="email" type="email" required autofocus></p>` +
      `<p><button type="submit">Continue</button></p></form>`,
  );
}

async function readForm(req) {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 4096) throw new Error("form too large");
  }
  return new URLSearchParams(body);
}

function send(res, status, html) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

// The login and (should the grant above not cover a request) consent steps; everything else is the provider's.
async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, page("Sign-in error", "<p>This sign-in has expired. Start again.</p>"));
  const prompt = details.prompt.name;
  if (req.method === "GET" && !action) {
    if (prompt === "login") return send(res, 200, loginPage(uid));
    const grant = new provider.Grant({ clientId: details.params.client_id, accountId: details.session.accountId });
    grant.addOIDCScope(SCOPE);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  if (req.method === "POST" && action === "login" && prompt === "login") {
    const email = ((await readForm(req)).get("email") ?? "").trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) return send(res, 422, loginPage(uid, "Enter an email address."));
    const accountId = subjectFor(email);
    emailBySubject.set(accountId, email);
    return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
  }
  return send(res, 405, page("Sign-in error", "<p>Method not allowed.</p>"));
}

const handleProvider = provider.callback();
const server = createServer((req, res) => {
  const m = /^\/interaction\/([\w-]+)(?:\/(login))?$/.exec(new URL(req.url ?? "/", issuer.origin).pathname);
  if (!m) return handleProvider(req, res);
  interaction(req, res, m[1], m[2]).catch((err) => {
    // Names the error only (no request data): an expired interaction cookie is the usual cause.
    console.error(`oidc-provider: interaction failed: ${err?.name ?? "Error"}: ${err?.message ?? ""}`);
    if (!res.headersSent) send(res, 400, page("Sign-in error", "<p>This sign-in could not be completed. Start again.</p>"));
  });
});

server.on("error", (err) => {
  console.error(`oidc-provider: cannot listen on ${issuer.host}: ${err.code ?? err.message}`);
  process.exit(1);
});
server.listen(Number(issuer.port), issuer.hostname, () => {
  console.log(`oidc-provider: ready at ${issuer.origin} (client ${clientId}, redirect ${redirectUri})`);
});
// Nothing to flush: all state is in memory and meant to die with the process.
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
