#!/usr/bin/env node
// Chat in the web chat as a person does, in Debian's headless Chromium, and report what the
// page showed, as JSON on stdout.
//
//   node tests/webchat/chat.mjs --url http://127.0.0.1:PORT [--screenshots DIR]
//
// Two sessions against the running assistant (tests/servers.py or `make run`):
// - phone (390×844, touch): open /chat, check the order Tab visits, ask "wat zeg ik als ik
//   word uitgedaagd?" with the keyboard, read the answer (title, Bron: line, buttons), copy an
//   example sentence, run axe-core, press the first related-entry button, rate that answer 👎,
//   type a comment, and read every bot message;
// - desktop (1280×900): ask the same question and run axe-core again.
// With --screenshots, DIR/webchat-phone.png (the screen from the question on) and
// DIR/webchat-desktop.png (the whole page) show the first answer.
//
// Everything must come from the assistant's own address: other requests are aborted and
// reported under "blockedRequests"; Content Security Policy reports and script errors go to
// "pageErrors". axe-core (node_modules/axe-core) is evaluated in the page through the
// DevTools protocol, which the page's CSP does not block (it blocks inline scripts).
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

import { chromium } from "playwright-core";

import { CHROMIUM, CHROMIUM_ARGS } from "../chromium.mjs";
import { ask, axe, botMessages, press, session } from "./page.mjs";

const QUESTION = "wat zeg ik als ik word uitgedaagd?";
const COMMENT = "De voorbeeldzinnen passen niet bij online contact.";

function fail(message) {
  process.stderr.write(`webchat: ${message}\n`);
  process.exit(2);
}

const { values: options } = parseArgs({
  options: { url: { type: "string" }, screenshots: { type: "string" } },
});
if (!options.url) fail("--url BASE is required");
if (!existsSync(CHROMIUM)) fail(`no browser at ${CHROMIUM} (apt-get install chromium, or WEGWIJZER_CHROMIUM)`);
const base = options.url.replace(/\/$/, "");
const screenshots = options.screenshots ? resolve(options.screenshots) : null;
if (screenshots) mkdirSync(screenshots, { recursive: true });

const report = { blockedRequests: [], pageErrors: [], phone: {}, desktop: {} };

async function tabOrder(page, steps) {
  const order = [];
  await page.locator("body").focus();
  for (let i = 0; i < steps; i++) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(() => {
      const el = document.activeElement;
      return `${el.tagName.toLowerCase()}:${(el.getAttribute("aria-label") || el.textContent || el.id || "").trim()}`;
    }));
  }
  return order;
}

// The phone's screen from the question on; the desktop's whole page.
async function shoot(page, name, fullPage) {
  if (!screenshots) return;
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  if (!fullPage) {
    await page.locator("#berichten article.msg.user").last().evaluate((n) => n.scrollIntoView({ block: "start" }));
    await page.evaluate(() => window.scrollBy(0, -12));
  }
  if (fullPage) {
    // A viewport as tall as the page, so the sticky input box sits below the conversation.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: page.viewportSize().width, height });
  }
  await page.screenshot({ path: join(screenshots, name), animations: "disabled" });
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
report.browser = browser.version();
try {
  // --- phone: the whole conversation -----------------------------------------------------
  const phone = await session(browser, base, report, { width: 390, height: 844 }, { deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const { page } = phone;
  report.phone.headers = phone.headers;
  report.phone.lang = await page.evaluate(() => document.documentElement.lang);
  report.phone.liveRegion = await page.evaluate(() => {
    const log = document.getElementById("berichten");
    return { role: log.getAttribute("role"), live: log.getAttribute("aria-live"), label: log.getAttribute("aria-label") };
  });
  report.phone.tabOrder = await tabOrder(page, 7);
  report.phone.axeStart = await axe(page);
  await ask(page, QUESTION);
  report.phone.afterQuestion = await botMessages(page);
  report.phone.focusAfterQuestion = await page.evaluate(() => document.activeElement.id);
  await shoot(page, "webchat-phone.png", false);
  const answer = page.locator("#berichten article.answer").nth((await page.locator("#berichten article.answer").count()) - 1);
  await answer.locator(".examples button.copy").first().click();
  await page.waitForFunction(() => document.getElementById("status").textContent !== "", null, { timeout: 10_000 });
  report.phone.copyStatus = await page.locator("#status").textContent();
  report.phone.clipboard = await page.evaluate(() => navigator.clipboard.readText());
  report.phone.axeAnswer = await axe(page);
  const related = answer.locator(".buttons button.choice").first();
  report.phone.relatedPressed = await related.textContent();
  await press(page, related);
  const bots = page.locator("#berichten article.msg.bot");
  const second = bots.nth((await bots.count()) - 1); // fixed: later messages come after it
  report.phone.relatedAnswer = (await botMessages(page)).at(-1);
  await press(page, second.getByRole("button", { name: "Dit antwoord hielp me niet" }));
  report.phone.thumbsDownPressed = await second.getByRole("button", { name: "Dit antwoord hielp me niet" }).getAttribute("aria-pressed");
  report.phone.afterThumbsDown = (await botMessages(page)).at(-1);
  report.phone.focusAfterThumbsDown = await page.evaluate(() => document.activeElement.id);
  await ask(page, COMMENT);
  report.phone.afterComment = (await botMessages(page)).at(-1);
  report.phone.userMessages = await page.$$eval("#berichten article.msg.user p:not(.who)", (n) => n.map((p) => p.textContent));
  report.phone.comment = COMMENT;
  report.phone.sender = await page.evaluate(() => window.sessionStorage.getItem("wegwijzer-sender"));
  report.phone.axeEnd = await axe(page);
  await phone.context.close();

  // --- desktop: the answer, and axe-core at that width --------------------------------------
  const desktop = await session(browser, base, report, { width: 1280, height: 900 }, { deviceScaleFactor: 1 });
  await ask(desktop.page, QUESTION);
  report.desktop.afterQuestion = await botMessages(desktop.page);
  await shoot(desktop.page, "webchat-desktop.png", true);
  report.desktop.axeAnswer = await axe(desktop.page);
  await desktop.context.close();
} finally {
  await browser.close();
}
process.stdout.write(`${JSON.stringify(report)}\n`);
