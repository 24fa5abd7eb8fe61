// End to end in a real browser: Debian's Chromium, driven by playwright-core, runs an app built on
// the SMART JavaScript client (fhirclient, unmodified) through PAW's standalone patient launch:
// discovery, authorize, login, consent, code exchange with PKCE, then FHIR reads with the token.
//
//   node smart-launch.mjs PAW_BINARY [SCREENSHOT_DIR]
//
// Exit status 0 when every check passed; the first failed check is printed.

import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const paw = process.argv[2];
const shots = process.argv[3] || "";
if (!paw) {
  console.error("usage: node smart-launch.mjs PAW_BINARY [SCREENSHOT_DIR]");
  process.exit(2);
}
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const data = mkdtempSync(join(tmpdir(), "paw-e2e-"));
let server;
let browser;
let appServer;

function check(condition, message) {
  if (!condition) throw new Error("check failed: " + message);
}

function pawJson(...args) {
  return JSON.parse(execFileSync(paw, [...args, "--data", data, "--json"], { encoding: "utf8" }));
}

/// The app: two static pages and the fhirclient browser bundle, on a loopback port of its own.
function startApp(settings) {
  const bundle = readFileSync(join(here, "node_modules/fhirclient/build/fhir-client.js"));
  const page = (body) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>E2E app</title>
<script src="/app/fhir-client.js"></script></head><body>${body}</body></html>`;
  return new Promise((resolve) => {
    const s = createServer((req, res) => {
      const path = req.url.split("?")[0];
      if (path === "/app/fhir-client.js") {
        res.writeHead(200, { "Content-Type": "text/javascript" });
        return res.end(bundle);
      }
      if (path === "/app/launch.html") {
        res.writeHead(200, { "Content-Type": "text/html" });
        return res.end(page(`<script>
FHIR.oauth2.authorize(${JSON.stringify({ iss: settings.iss, clientId: settings.clientId, scope: settings.scope,
                                        redirectUri: "/app/callback.html", pkceMode: "required" })});
</script>`));
      }
      if (path === "/app/callback.html") {
        res.writeHead(200, { "Content-Type": "text/html" });
        return res.end(page(`<pre id="result"></pre><script>
FHIR.oauth2.ready().then(async (client) => {
  const patient = await client.patient.read();
  const eobs = await client.request("ExplanationOfBenefit?patient=" + client.patient.id);
  let other = null;
  try { await client.request("Patient/" + ${JSON.stringify(settings.otherPatient)}); other = "read"; }
  catch (e) { other = e.status || String(e); }
  document.getElementById("result").textContent = JSON.stringify({
    patientId: patient.id, resourceType: patient.resourceType, tokenResponse: client.state.tokenResponse,
    eobTotal: eobs.total, eobEntries: (eobs.entry || []).length, idToken: client.getIdToken(),
    fhirUser: client.getFhirUser(), otherPatient: other });
}).catch((e) => { document.getElementById("result").textContent = JSON.stringify({ error: String(e) }); });
</script>`));
      }
      res.writeHead(404);
      res.end();
    });
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
}

/// `paw serve` on a free port; resolves with the FHIR base from its endpoint card.
function startPaw(extraArgs) {
  return new Promise((resolve, reject) => {
    const child = spawn(paw, ["serve", "--data", data, "--port", "0", ...extraArgs], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/API Endpoint: (\S+)/);
      if (m) resolve({ child, fhirBase: m[1] });
    });
    child.stderr.on("data", (chunk) => { err += chunk; });
    child.on("exit", (code) => reject(new Error(`paw serve exited with ${code}: ${err}`)));
  });
}

async function shot(page, name) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, name + ".png"), fullPage: true });
}

try {
  execFileSync(paw, ["seed", "--members", "30", "--data", data], { stdio: "ignore" });
  const personas = pawJson("persona", "list");
  const parent = personas.find((p) => p.username === "parent-0");
  check(parent, "the seed has the delegate parent-0");
  const children = parent.patients.filter((p) => p.activeToday).map((p) => p.patient);
  const member = personas.find((p) => p.role === "member" && !children.includes(p.patients[0].patient));
  check(member, "the seed has a member parent-0 does not act for");

  const settings = { scope: "launch/patient openid fhirUser offline_access patient/Patient.rs patient/ExplanationOfBenefit.rs",
                     otherPatient: member.patients[0].patient };
  appServer = await startApp(settings);
  const appOrigin = `http://127.0.0.1:${appServer.address().port}`;
  const client = pawJson("client", "add", "--name", "E2E Claims Viewer", "--type", "public",
                         "--redirect-uri", appOrigin + "/app/callback.html");
  settings.clientId = client.client_id;
  check(settings.clientId, "paw client add printed the client id");

  const started = await startPaw(process.env.PAW_E2E_OPEN ? ["--open"] : []);
  server = started.child;
  settings.iss = started.fhirBase;

  browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
  const page = await browser.newPage();
  await page.goto(appOrigin + "/app/launch.html");
  await page.waitForSelector("input[name=username]");
  await shot(page, "login");
  await page.fill("input[name=username]", "parent-0");
  await page.fill("input[name=password]", "parent-0-sandbox");
  await page.click("button[type=submit]");

  await page.waitForSelector("input[name=patient], input[name=scope]");
  if (await page.$("input[name=patient]")) {
    await shot(page, "picker");
    await page.check("input[name=patient] >> nth=0");
    await page.click("button[type=submit]");
    await page.waitForSelector("input[name=scope]");
  }
  await shot(page, "consent");
  const offered = await page.$$eval("input[name=scope]", (boxes) => boxes.map((b) => b.value));
  check(offered.includes("patient/ExplanationOfBenefit.rs"), "the consent page offers the requested scopes: " + offered);
  await page.click("button[name=decision][value=allow]");

  await page.waitForFunction(() => (document.getElementById("result") || {}).textContent, null, { timeout: 30000 });
  const result = JSON.parse(await page.textContent("#result"));
  await shot(page, "app");
  check(!result.error, "the app completed the launch: " + result.error);
  check(result.resourceType === "Patient", "the app read its patient");
  check(result.tokenResponse.patient === result.patientId, "the token response names the patient the app read");
  check(result.tokenResponse.token_type === "Bearer", "token_type is Bearer");
  check(result.tokenResponse.refresh_token, "offline_access brought a refresh token");
  check(result.idToken && result.idToken.aud === settings.clientId, "the id_token is for the app");
  check(result.fhirUser && result.fhirUser.startsWith("RelatedPerson/"), "a delegate's fhirUser is a RelatedPerson: " + result.fhirUser);
  check(result.eobEntries > 0, "the app read claims of its patient");
  check(result.otherPatient === 404 || result.otherPatient === 403, "another member's record is refused: " + result.otherPatient);
  console.log("browser launch passed:", JSON.stringify({ patient: result.patientId, eobTotal: result.eobTotal, scope: result.tokenResponse.scope }));
} catch (error) {
  console.error(error.stack || String(error));
  process.exitCode = 1;
} finally {
  if (browser) await browser.close();
  if (appServer) appServer.close();
  if (server) server.kill("SIGTERM");
  rmSync(data, { recursive: true, force: true });
}
