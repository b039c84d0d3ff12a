#!/usr/bin/env node
// Sign in to the web chat as a person does, in Debian's headless Chromium, against a running
// assistant with WEGWIJZER_WEBCHAT_AUTH=oidc and the test OpenID Connect provider
// (tests/oidc_provider.py), and report what happened as JSON on stdout.
//
//   node tests/webchat/signin.mjs --url http://localhost:PORT --issuer http://localhost:PORT2
//
// Browsers, each a context of its own (its own cookies):
// - anna opens /chat, lands on the provider's form, signs in, sees the chat with its
//   sign-out button, asks a question, and later signs out (the provider's end-session page,
//   then the chat's signed-out page); afterwards /chat sends her to sign in again, and her
//   old cookie, put back by hand, is refused;
// - someone with anna's cookie altered by one character opens /chat;
// - bram signs in and posts anna's page id to the chat endpoint from his page;
// - eve signs in and is refused by the allow-list.
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";

import { chromium } from "playwright-core";

import { CHROMIUM, CHROMIUM_ARGS } from "../chromium.mjs";

const QUESTION = "wat zeg ik als ik word uitgedaagd?";
const FOREIGN = "dit is bram met de pagina van anna";
const SESSION_COOKIE = "__Host-wegwijzer-sessie";
const WAIT = 120_000;

function fail(message) {
  process.stderr.write(`signin: ${message}\n`);
  process.exit(2);
}

const { values: options } = parseArgs({
  options: { url: { type: "string" }, issuer: { type: "string" } },
});
if (!options.url || !options.issuer) fail("--url and --issuer are required");
if (!existsSync(CHROMIUM)) fail(`no browser at ${CHROMIUM}`);
const base = options.url.replace(/\/$/, "");
const issuer = options.issuer.replace(/\/$/, "");

const report = { pageErrors: [], question: QUESTION, foreignMessage: FOREIGN };

async function person(browser) {
  const context = await browser.newContext({ locale: "nl-NL" });
  const page = await context.newPage();
  page.on("pageerror", (error) => report.pageErrors.push(String(error)));
  page.on("console", (message) => {
    // The refusals this script provokes (403, 401) are logged as "Failed to load resource".
    const provoked = message.text().startsWith("Failed to load resource");
    if (message.type() === "error" && page.url().startsWith(base) && !provoked) {
      report.pageErrors.push(message.text());
    }
  });
  return { context, page };
}

// At the provider's authorization form: type who signs in and authorize.
async function authorize(page, sub) {
  await page.waitForURL((url) => url.href.startsWith(issuer), { timeout: WAIT });
  await page.fill('input[name="sub"]', sub);
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(base), { timeout: WAIT }),
    page.click('button[type="submit"]:has-text("Authorize")'),
  ]);
}

async function ask(page, text) {
  const before = await page.locator("#berichten article.msg.bot").count();
  await page.getByLabel("Je vraag of opmerking").fill(text);
  await page.keyboard.press("Enter");
  await page.waitForFunction(
    (n) => document.querySelectorAll("#berichten article.msg.bot").length > n &&
      document.getElementById("berichten").getAttribute("aria-busy") !== "true",
    before,
    { timeout: WAIT },
  );
  return page.locator("#berichten article.msg.bot").last().innerText();
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  // anna signs in and chats
  const anna = await person(browser);
  await anna.page.goto(`${base}/chat`);
  report.firstUrl = anna.page.url();
  await authorize(anna.page, "anna");
  await anna.page.waitForSelector("#bericht");
  report.afterSignIn = anna.page.url();
  report.signOutVisible = await anna.page.locator("#afmelden button").isVisible();
  report.answer = await ask(anna.page, QUESTION);
  const cookies = await anna.context.cookies(base);
  const session = cookies.find((c) => c.name === SESSION_COOKIE);
  if (!session) fail("no session cookie after signing in");
  report.sessionCookie = { httpOnly: session.httpOnly, secure: session.secure, sameSite: session.sameSite };
  report.documentCookie = await anna.page.evaluate(() => document.cookie);
  const annaPageId = await anna.page.evaluate(() => sessionStorage.getItem("wegwijzer-sender"));

  // a tampered cookie
  const tampered = await person(browser);
  const last = session.value.slice(-1) === "A" ? "B" : "A";
  await tampered.context.addCookies([{ ...session, value: session.value.slice(0, -1) + last }]);
  await tampered.page.goto(`${base}/chat`);
  report.tamperedUrl = tampered.page.url();
  await tampered.context.close();

  // bram posts with anna's page id
  const bram = await person(browser);
  await bram.page.goto(`${base}/chat`);
  await authorize(bram.page, "bram");
  await bram.page.waitForSelector("#bericht");
  report.foreignStatus = await bram.page.evaluate(async ([sender, message]) => {
    const response = await fetch("/chat/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender, message }),
    });
    return response.status;
  }, [annaPageId, FOREIGN]);
  await bram.context.close();

  // eve is not on the allow-list
  const eve = await person(browser);
  await eve.page.goto(`${base}/chat`);
  await eve.page.waitForURL((url) => url.href.startsWith(issuer), { timeout: WAIT });
  await eve.page.fill('input[name="sub"]', "eve");
  const [refused] = await Promise.all([
    eve.page.waitForResponse((r) => r.url().startsWith(`${base}/chat/auth/callback`), { timeout: WAIT }),
    eve.page.click('button[type="submit"]:has-text("Authorize")'),
  ]);
  report.refusedStatus = refused.status();
  await eve.page.waitForLoadState("load");
  report.refusedText = await eve.page.locator("main").innerText();
  await eve.context.close();

  // anna signs out in a second tab: the provider's end-session page, then the chat's
  // signed-out page; the first tab, still open, then cannot send any more
  const second = await anna.context.newPage();
  await second.goto(`${base}/chat`);
  await second.click("#afmelden button");
  await second.waitForURL((url) => url.href.startsWith(`${issuer}/oauth2/end_session`), { timeout: WAIT });
  await Promise.all([
    second.waitForURL((url) => url.href.startsWith(base), { timeout: WAIT }),
    second.click('button[type="submit"]:has-text("End session")'),
  ]);
  report.afterSignOut = second.url().split("?")[0];
  report.signedOutText = await second.locator("main").innerText();
  report.staleTabText = await ask(anna.page, "help");
  report.staleTabLink = await anna.page.locator("#berichten article.msg.bot").last().locator("a").getAttribute("href");
  await anna.page.goto(`${base}/chat`);
  report.afterSignOutChat = anna.page.url();
  await anna.context.addCookies([session]);
  await anna.page.goto(`${base}/chat/auth/signed-out`); // back on the chat's own origin
  report.oldCookieStatus = await anna.page.evaluate(async (base) => {
    const response = await fetch(`${base}/chat/webhook`, {
      method: "POST",
      credentials: "include",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: "pagina-na-afmelden", message: "help" }),
    });
    return response.status;
  }, base);
  await anna.context.close();
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report));
