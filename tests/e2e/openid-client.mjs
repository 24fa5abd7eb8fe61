// End to end with a certified OpenID Connect relying-party library: panva's openid-client, used
// unmodified, discovers PAW's issuer, builds the authorization request (PKCE S256, state, nonce,
// SMART `aud`), and after this script has driven PAW's login, patient picker and consent pages over
// plain HTTP (their form contract, DESIGN.md §2), validates the response (state, RFC 9207 `iss`) and
// the ID token (signature against the JWKS, iss, aud, nonce, exp), then does userinfo, refresh,
// introspection and revocation. Once per client authentication: client_secret_basic,
// client_secret_post, and a public client (none + PKCE).
//
//   node openid-client.mjs PAW_BINARY
//
// One line per check; exit status 0 only when every check passed.

import { spawn, execFileSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { webcrypto } from "node:crypto";

// openid-client wants Node.js 20's globals (WebCrypto's `crypto` and `CryptoKey`). Debian 12's
// nodejs 18, which `packaging/setup.sh test` installs where no Node.js is, has them only in
// node:crypto: give them the same objects before the library loads (it is not changed).
globalThis.crypto ??= webcrypto;
globalThis.CryptoKey ??= webcrypto.CryptoKey;
const oidc = await import("openid-client");

const pawBinary = process.argv[2];
if (!pawBinary) {
  console.error("usage: node openid-client.mjs PAW_BINARY");
  process.exit(2);
}

const SCOPE = "openid fhirUser launch/patient offline_access patient/*.rs";
const REDIRECT_URI = "http://127.0.0.1:9/openid-client/callback"; // never contacted: the Location is read
const data = mkdtempSync(join(tmpdir(), "paw-oidc-e2e-"));
let server;
let serverLog = "";
let checks = 0;

function check(condition, what, detail) {
  if (!condition) throw new Error(`not ok - ${what}${detail === undefined ? "" : ": " + detail}`);
  checks += 1;
  console.log(`ok ${checks} - ${what}`);
}

/// Runs `promise`, which must fail; returns the error for the caller to examine.
async function failure(promise, what) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error(`not ok - ${what}: the library accepted it`);
}

/// The OAuth error code in whatever the library threw: the body's `error` (ResponseBodyError,
/// AuthorizationResponseError), the challenge's `error` parameter, or, for a 401 challenge without
/// one (RFC 6749 §5.2 `Basic`), the JSON body of the response the challenge came with.
async function oauthErrorCode(error) {
  if (typeof error.error === "string") return error.error;
  if (error instanceof oidc.WWWAuthenticateChallengeError) {
    const coded = error.cause.find((c) => c.parameters.error);
    if (coded) return coded.parameters.error;
    return (await error.response.json().catch(() => ({}))).error;
  }
  return undefined;
}

const describe = (error) => `${error.name}${error.code ? " " + error.code : ""}: ${error.message}`
  + (error.cause instanceof Error ? ` (${error.cause.message})` : "");

function paw(...args) {
  return execFileSync(pawBinary, [...args, "--data", data], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function addClient(name, type) {
  return JSON.parse(paw("client", "add", "--name", name, "--type", type, "--redirect-uri", REDIRECT_URI, "--json"));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function startServer() {
  const port = await freePort();
  server = spawn(pawBinary, ["serve", "--port", String(port), "--data", data], { stdio: ["ignore", "ignore", "pipe"] });
  server.stderr.on("data", (chunk) => { serverLog = (serverLog + chunk).slice(-4000); });
  const root = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60000; Date.now() < deadline;) {
    if (server.exitCode !== null) throw new Error(`paw serve exited with ${server.exitCode}: ${serverLog}`);
    const ready = await fetch(root + "/fhir/metadata").then(async (r) => (await r.arrayBuffer(), r.ok), () => false);
    if (ready) return root;
    await sleep(100);
  }
  throw new Error("paw serve did not answer /fhir/metadata within 60 s");
}

async function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = once(server, "exit");
  server.kill("SIGTERM");
  if (await Promise.race([exited.then(() => true), sleep(10000, false)])) return;
  server.kill("SIGKILL");
  await exited;
}

// ---- A browser without a browser: cookies kept, forms read per DESIGN.md §2 -------------------

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const decode = (text) => text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) =>
  name[0] !== "#" ? ENTITIES[name.toLowerCase()] ?? whole
    : String.fromCodePoint(name[1].toLowerCase() === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)));

function attributes(tag) {
  const out = {};
  for (const m of tag.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g))
    out[m[1].toLowerCase()] = decode(m[2] ?? m[3] ?? m[4] ?? "");
  return out;
}

/// The page's one form: method, action, its inputs and submit buttons, each as its attributes.
function readForm(html, pageUrl) {
  const form = html.match(/<form\b([^>]*)>([\s\S]*?)<\/form>/i);
  if (!form) return null;
  const attrs = attributes(form[1]);
  return {
    method: (attrs.method || "get").toUpperCase(),
    action: new URL(attrs.action || pageUrl, pageUrl),
    inputs: [...form[2].matchAll(/<input\b([^>]*)>/gi)].map((m) => attributes(m[1])),
    buttons: [...form[2].matchAll(/<button\b([^>]*)>/gi)].map((m) => attributes(m[1])),
  };
}

/// Set-Cookie lines; Node 18's fetch (Debian's undici 5.15) lacks Headers.getSetCookie() and joins
/// them with commas, which within a cookie only follow the weekday of an Expires date.
const setCookies = (headers) => headers.getSetCookie?.()
  ?? (headers.get("set-cookie") ?? "").split(/,(?=\s*[^\s;,=]+=)/).filter((line) => line.trim());

class Browser {
  cookies = new Map();

  async request(url, init = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const cookie of setCookies(response.headers)) {
      const [pair, ...rest] = cookie.split(";");
      const name = pair.slice(0, pair.indexOf("=")).trim();
      const expired = rest.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(pair.indexOf("=") + 1).trim());
    }
    return response;
  }
}

/// Follows the authorization request through PAW's pages as `login` until PAW redirects to the
/// app; returns that redirect (not followed) and the pages seen on the way.
async function authorizeInPages(browser, authorizationUrl, login, pickPatient) {
  let url = new URL(authorizationUrl);
  let response = await browser.request(url);
  const seen = [];
  for (let step = 0; step < 8; step += 1) {
    if (response.status >= 300 && response.status < 400) {
      await response.arrayBuffer();
      const location = new URL(response.headers.get("location"), url);
      if (location.origin + location.pathname === REDIRECT_URI) return { callback: location, seen };
      url = location;
      response = await browser.request(url);
      continue;
    }
    const html = await response.text();
    const form = readForm(html, url);
    if (response.status !== 200 || !form)
      throw new Error(`not ok - a page of the authorization: ${response.status} ${html.slice(0, 300)}`);
    const named = (name) => form.inputs.filter((i) => i.name === name);
    const fields = new URLSearchParams();
    for (const input of form.inputs.filter((i) => i.type === "hidden")) fields.append(input.name, input.value ?? "");
    let page;
    if (named("username").length && named("password").length) {
      page = "login";
      fields.append("username", login.username);
      fields.append("password", login.password);
    } else if (named("patient").length) {
      page = "picker";
      const choice = named("patient").find((i) => i.value === pickPatient) ?? named("patient")[0];
      fields.append("patient", choice.value);
    } else if (named("scope").length && form.buttons.some((b) => b.name === "decision" && b.value === "allow")) {
      page = "consent";
      for (const box of named("scope").filter((b) => "checked" in b && !("disabled" in b))) fields.append("scope", box.value);
      fields.append("decision", "allow");
    } else {
      throw new Error(`not ok - an authorization page PAW's form contract does not describe: ${html.slice(0, 300)}`);
    }
    check(form.method === "POST" && form.inputs.some((i) => i.type === "hidden" && i.name === "csrf" && i.value),
          `${login.username}: the ${page} page's form posts a CSRF token with its hidden fields (${[...fields.keys()].join(", ")})`);
    if (page === "consent") page = { page, offered: named("scope").map((b) => b.value) };
    seen.push(page);
    url = form.action;
    response = await browser.request(url, {
      method: form.method,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: fields.toString(),
    });
  }
  throw new Error("not ok - the authorization did not come back to the app within 8 steps");
}

// ---- The relying party -------------------------------------------------------------------------

/// openid-client's discovery, with a fetch that records which URLs the library asked for and
/// hands it PAW's responses, as they are unless `rewrite` is given (the tampering check).
async function discover(issuer, clientId, clientAuth, rewrite) {
  const requested = [];
  const recording = async (url, options) => {
    requested.push(String(url));
    const response = await fetch(url, options);
    return rewrite ? rewrite(String(url), response) : response;
  };
  const config = await oidc.discovery(new URL(issuer), clientId, undefined, clientAuth, {
    [oidc.customFetch]: recording,
    // The sandbox serves plain HTTP on loopback. Verify the ID token's signature against the JWKS
    // too, where the library would otherwise rely on the token endpoint's TLS (OIDC Core §3.1.3.7).
    execute: [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks],
  });
  return { config, requested };
}

/// The value with its character at `index` changed (from the end when negative), whatever it was.
function alter(value, index = -1) {
  const at = index < 0 ? value.length + index : index;
  return value.slice(0, at) + (value[at] === "A" ? "B" : "A") + value.slice(at + 1);
}

async function readPatient(config, accessToken, fhirBase, patient) {
  return oidc.fetchProtectedResource(config, accessToken, new URL(`${fhirBase}/Patient/${patient}`), "GET", undefined,
                                     new Headers({ accept: "application/fhir+json" }));
}

/// The FHIR API's answer to a token the grant no longer backs: 401 with a Bearer challenge.
async function refusedWithin(config, accessToken, fhirBase, patient, milliseconds) {
  const started = Date.now();
  for (;;) {
    try {
      await readPatient(config, accessToken, fhirBase, patient);
    } catch (error) {
      if (error instanceof oidc.WWWAuthenticateChallengeError && error.status === 401)
        return { after: Date.now() - started, scheme: error.cause[0]?.scheme, code: error.cause[0]?.parameters.error };
      throw error;
    }
    if (Date.now() - started > milliseconds) return null;
    await sleep(100);
  }
}

/// The library's authorization request, carried through PAW's pages up to the redirect to the app.
async function authorize(env, app, persona, browser = new Browser(), rewrite = undefined) {
  const { config, requested } = await discover(env.issuer, app.clientId, app.auth, rewrite);
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const authorizationUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI, scope: SCOPE, state, nonce, aud: env.fhirBase,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256",
  });
  const tag = app.label;
  check(authorizationUrl.href.startsWith(env.issuer + "/authorize?"), `${tag}: the library sends the user to ${env.issuer}/authorize`);
  const { callback, seen } = await authorizeInPages(browser, authorizationUrl, persona.login, persona.patient);
  check(callback.searchParams.get("iss") === env.issuer && callback.searchParams.get("state") === state && callback.searchParams.get("code"),
        `${tag}: PAW redirected to the app with code, state and iss (pages: ${seen.map((p) => p.page ?? p).join(", ") || "none"})`);
  return { config, requested, verifier, state, nonce, callback, seen, browser };
}

/// The code exchange by the library: it checks state and iss, sends the PKCE verifier, and
/// validates the ID token (signature, iss, aud, exp, iat, nonce).
function exchange(flow) {
  return oidc.authorizationCodeGrant(flow.config, flow.callback, {
    pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true,
  });
}

/// Userinfo, a FHIR read, a refresh and a FHIR read with the refreshed token, all through the library.
async function verifyTokens(env, app, flow, tokens, persona) {
  const tag = app.label;
  const claims = tokens.claims();
  check(claims && claims.iss === env.issuer && claims.aud === app.clientId && claims.nonce === flow.nonce
        && claims.exp > Date.now() / 1000,
        `${tag}: the library validated the ID token (iss, aud = client id, nonce, exp)`, JSON.stringify(claims));
  check(flow.requested.includes(env.jwks),
        `${tag}: the library fetched ${env.jwks} and verified the ID token's RS256 signature`, flow.requested.join(" "));
  check(tokens.token_type === "bearer" && tokens.refresh_token && tokens.patient === persona.patient,
        `${tag}: the token response has a Bearer access token, a refresh token and patient ${persona.patient}`,
        JSON.stringify({ ...tokens, access_token: "…", id_token: "…", refresh_token: tokens.refresh_token && "…" }));
  check(claims.fhirUser === persona.fhirUser, `${tag}: the ID token's fhirUser is ${persona.fhirUser}`, claims.fhirUser);

  const userinfo = await oidc.fetchUserInfo(flow.config, tokens.access_token, claims.sub);
  check(userinfo.sub === claims.sub && userinfo.fhirUser === claims.fhirUser,
        `${tag}: userinfo through the library: sub ${userinfo.sub} and fhirUser match the ID token`, JSON.stringify(userinfo));

  const read = await readPatient(flow.config, tokens.access_token, env.fhirBase, persona.patient);
  check(read.status === 200 && (await read.json()).id === persona.patient,
        `${tag}: the access token reads /fhir/Patient/${persona.patient} (${read.status})`);

  const refreshed = await oidc.refreshTokenGrant(flow.config, tokens.refresh_token);
  check(refreshed.access_token && refreshed.access_token !== tokens.access_token
        && refreshed.refresh_token && refreshed.refresh_token !== tokens.refresh_token,
        `${tag}: refresh through the library gave a new access token and a rotated refresh token`);
  const reread = await readPatient(flow.config, refreshed.access_token, env.fhirBase, persona.patient);
  check(reread.status === 200, `${tag}: the refreshed access token reads /fhir/Patient/${persona.patient} (${reread.status})`);
  return refreshed;
}

/// After a revocation: the access tokens get 401 within ~2 s, the refresh token invalid_grant.
async function expectRevoked(env, app, flow, accessTokens, refreshToken, persona) {
  const tag = app.label;
  for (const [which, token] of accessTokens) {
    const refused = await refusedWithin(flow.config, token, env.fhirBase, persona.patient, 2500);
    check(refused && refused.scheme === "bearer",
          `${tag}: the ${which} access token gets 401 from the FHIR API ${refused ? `after ${refused.after} ms (Bearer error=${refused.code})` : "within 2.5 s"}`);
  }
  const spent = await failure(oidc.refreshTokenGrant(flow.config, refreshToken), `${tag}: refresh after the revocation`);
  check((await oauthErrorCode(spent)) === "invalid_grant", `${tag}: the refresh token is refused after the revocation (invalid_grant)`, describe(spent));
}

// ---- The test ----------------------------------------------------------------------------------

async function main() {
  paw("seed", "--members", "3");
  const personas = JSON.parse(paw("persona", "list", "--json"));
  const member = personas.find((p) => p.role === "member");
  check(member, `paw seed made the member ${member?.username}`);
  const delegate = personas.find((p) => p.role !== "member" && p.patients.filter((x) => x.activeToday).length > 1);

  const basic = addClient("openid-client basic", "confidential");
  const post = addClient("openid-client post", "confidential");
  const pub = addClient("openid-client public", "public");
  check(basic.client_secret && post.client_secret && pub.client_id && !pub.client_secret,
        "paw client add registered two confidential clients (with secrets) and a public one");

  const root = await startServer();
  const fhirBase = root + "/fhir";
  const smart = await (await fetch(fhirBase + "/.well-known/smart-configuration")).json();
  const env = { issuer: smart.issuer, fhirBase, jwks: smart.jwks_uri };
  check(env.issuer === root + "/auth", `the SMART configuration names the issuer ${env.issuer}`);

  const asMember = { login: { username: member.username, password: member.password }, patient: member.patients[0].patient };
  asMember.fhirUser = `${fhirBase}/Patient/${asMember.patient}`;

  // 1. client_secret_basic, as a delegate who picks a patient when the seed has one.
  const basicApp = { label: "client_secret_basic", clientId: basic.client_id, auth: oidc.ClientSecretBasic(basic.client_secret) };
  {
    const { config } = await discover(env.issuer, basic.client_id, basicApp.auth);
    const as = config.serverMetadata();
    check(as.issuer === env.issuer && as.authorization_response_iss_parameter_supported === true && as.supportsPKCE(),
          `discovery through the library at ${env.issuer}/.well-known/openid-configuration: same issuer, S256 PKCE, RFC 9207 iss`);
  }
  let persona = asMember;
  if (delegate) {
    const chosen = delegate.patients.filter((x) => x.activeToday)[1];
    persona = { login: { username: delegate.username, password: delegate.password }, patient: chosen.patient,
                fhirUser: `${fhirBase}/RelatedPerson/${chosen.relatedPerson}` };
  }
  let flow = await authorize(env, basicApp, persona);
  check(flow.seen.some((p) => p === "login") && flow.seen.some((p) => p.page === "consent"),
        `client_secret_basic: ${persona.login.username} went through the login and consent pages`);
  if (delegate) check(flow.seen.includes("picker"), `client_secret_basic: the delegate ${delegate.username} chose patient ${persona.patient} in the picker`);
  const offered = flow.seen.find((p) => p.page === "consent").offered;
  check(SCOPE.split(" ").every((s) => offered.includes(s)),
        `client_secret_basic: the consent page offers the requested scopes (${offered.join(" ")})`);

  const badState = new URL(flow.callback);
  badState.searchParams.set("state", oidc.randomState());
  const stateError = await failure(exchange({ ...flow, callback: badState }), "a callback with another state");
  check(/"state"/.test(describe(stateError)),
        "client_secret_basic: the library refuses a callback whose state is not the one it sent", describe(stateError));
  const badIss = new URL(flow.callback);
  badIss.searchParams.set("iss", root + "/other");
  const issError = await failure(exchange({ ...flow, callback: badIss }), "a callback with another iss");
  check(/"iss"/.test(describe(issError)), "client_secret_basic: the library refuses a callback from another issuer (RFC 9207)", describe(issError));
  const noIss = new URL(flow.callback);
  noIss.searchParams.delete("iss");
  const noIssError = await failure(exchange({ ...flow, callback: noIss }), "a callback without iss");
  check(/"iss"/.test(describe(noIssError)), "client_secret_basic: the library refuses a callback without iss, as the metadata promises one", describe(noIssError));

  const wrongBasic = await discover(env.issuer, basic.client_id, oidc.ClientSecretBasic(alter(basic.client_secret)));
  const basicRefused = await failure(exchange({ ...flow, config: wrongBasic.config }), "a wrong client_secret_basic secret");
  check((await oauthErrorCode(basicRefused)) === "invalid_client" && basicRefused.status === 401,
        "client_secret_basic: a wrong secret makes the library throw invalid_client (401)", describe(basicRefused));

  let tokens = await exchange(flow);
  check(tokens.access_token && tokens.id_token,
        "client_secret_basic: the code exchange through the library passed (state, iss, PKCE verifier, ID token); the refused client had not spent the code");
  let refreshed = await verifyTokens(env, basicApp, flow, tokens, persona);
  const introspected = await oidc.tokenIntrospection(flow.config, refreshed.access_token);
  check(introspected.active === true && introspected.client_id === basic.client_id && introspected.patient === persona.patient,
        "client_secret_basic: introspection through the library: the refreshed access token is active, for this client and patient",
        JSON.stringify(introspected));
  const introspectedRefresh = await oidc.tokenIntrospection(flow.config, refreshed.refresh_token);
  check(introspectedRefresh.active === true, "client_secret_basic: introspection: the refresh token is active");
  check((await oidc.tokenRevocation(flow.config, refreshed.refresh_token)) === undefined,
        "client_secret_basic: revocation of the refresh token through the library (200)");
  await expectRevoked(env, basicApp, flow, [["first", tokens.access_token], ["refreshed", refreshed.access_token]], refreshed.refresh_token, persona);
  const afterRevoke = await oidc.tokenIntrospection(flow.config, refreshed.access_token);
  check(afterRevoke.active === false, "client_secret_basic: introspection after the revocation: the access token is inactive", JSON.stringify(afterRevoke));

  // 2. client_secret_post, as a member (no picker); revoking the access token ends the grant.
  const postApp = { label: "client_secret_post", clientId: post.client_id, auth: oidc.ClientSecretPost(post.client_secret) };
  flow = await authorize(env, postApp, asMember);
  const wrongPost = await discover(env.issuer, post.client_id, oidc.ClientSecretPost(alter(post.client_secret)));
  const postRefused = await failure(exchange({ ...flow, config: wrongPost.config }), "a wrong client_secret_post secret");
  check((await oauthErrorCode(postRefused)) === "invalid_client",
        "client_secret_post: a wrong secret makes the library throw invalid_client", describe(postRefused));
  tokens = await exchange(flow);
  check(tokens.access_token && tokens.id_token, "client_secret_post: the code exchange through the library passed (state, iss, PKCE verifier, ID token)");
  refreshed = await verifyTokens(env, postApp, flow, tokens, asMember);
  const postIntrospected = await oidc.tokenIntrospection(flow.config, refreshed.access_token);
  check(postIntrospected.active === true && postIntrospected.client_id === post.client_id,
        "client_secret_post: introspection through the library: the access token is active", JSON.stringify(postIntrospected));
  check((await oidc.tokenRevocation(flow.config, refreshed.access_token)) === undefined,
        "client_secret_post: revocation of the access token through the library (200)");
  await expectRevoked(env, postApp, flow, [["refreshed", refreshed.access_token]], refreshed.refresh_token, asMember);

  // 3. A public client: no secret, PKCE only. A wrong verifier is refused; then, in the same browser
  //    session (login and consent remembered), an ID token altered on its way is refused, and an
  //    untouched exchange passes.
  const publicApp = { label: "public (none + PKCE)", clientId: pub.client_id, auth: oidc.None() };
  flow = await authorize(env, publicApp, asMember);
  const pkceRefused = await failure(exchange({ ...flow, verifier: oidc.randomPKCECodeVerifier() }), "a wrong PKCE verifier");
  check((await oauthErrorCode(pkceRefused)) === "invalid_grant",
        "public (none + PKCE): a wrong code_verifier is refused (invalid_grant)", describe(pkceRefused));

  const tamper = async (url, response) => {
    if (url !== smart.token_endpoint || !response.ok) return response;
    const body = await response.json();
    const [header, payload, signature] = body.id_token.split(".");
    body.id_token = [header, payload, alter(signature, 10)].join(".");
    return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
  };
  flow = await authorize(env, publicApp, asMember, flow.browser, tamper);
  check(flow.seen.length === 0, "public (none + PKCE): the browser session remembered the login and the consent (no page)");
  const forged = await failure(exchange(flow), "an ID token whose signature was altered");
  check(/signature/i.test(describe(forged)),
        "public (none + PKCE): the library refuses an ID token whose signature does not verify against PAW's JWKS", describe(forged));

  flow = await authorize(env, publicApp, asMember, flow.browser);
  tokens = await exchange(flow);
  check(tokens.access_token && tokens.id_token, "public (none + PKCE): the code exchange through the library passed (state, iss, PKCE verifier, ID token)");
  refreshed = await verifyTokens(env, publicApp, flow, tokens, asMember);
  check((await oidc.tokenRevocation(flow.config, refreshed.refresh_token)) === undefined,
        "public (none + PKCE): revocation of the refresh token through the library (200)");
  await expectRevoked(env, publicApp, flow, [["refreshed", refreshed.access_token]], refreshed.refresh_token, asMember);
}

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    interrupted = true;
    console.error(`stopped by ${signal}`);
    await stopServer();
    rmSync(data, { recursive: true, force: true });
    process.exit(1);
  });
}

try {
  await main();
  console.log(`all ${checks} checks passed (openid-client, unmodified, against PAW)`);
} catch (error) {
  console.error(error.message.startsWith("not ok") ? error.message : `not ok - ${describe(error)}\n${error.stack}`);
  if (error.cause) console.error("cause:", JSON.stringify(error.cause)?.slice(0, 1000));
  if (serverLog) console.error("paw serve stderr (last lines):\n" + serverLog);
  process.exitCode = 1;
} finally {
  if (!interrupted) {
    await stopServer();
    rmSync(data, { recursive: true, force: true });
  }
}
