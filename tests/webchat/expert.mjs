#!/usr/bin/env node
// A web chat user sends a question the report does not cover to the colleagues, and the
// answer appears on the open page without typing (issue 20). JSON report on stdout.
//
//   node tests/webchat/expert.mjs --url http://127.0.0.1:PORT --question TEXT
//
// On a phone-sized page: ask TEXT, press "Vraag het een collega", then "Versturen"; then wait
// (up to WAIT) while the test answers as an expert in the Teams experts' channel, until the
// colleague's answer is on the page; run axe-core. Requests elsewhere are blocked and listed.
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";

import { chromium } from "playwright-core";

import { CHROMIUM, CHROMIUM_ARGS } from "../chromium.mjs";
import { WAIT, ask, axe, botMessages, press, session } from "./page.mjs";

function fail(message) {
  process.stderr.write(`expert: ${message}\n`);
  process.exit(2);
}

const { values: options } = parseArgs({
  options: { url: { type: "string" }, question: { type: "string" } },
});
if (!options.url || !options.question) fail("--url BASE and --question TEXT are required");
if (!existsSync(CHROMIUM)) fail(`no browser at ${CHROMIUM}`);
const base = options.url.replace(/\/$/, "");
const report = { blockedRequests: [], pageErrors: [] };

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
try {
  const { context, page } = await session(browser, base, report, { width: 390, height: 844 }, { deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await ask(page, options.question);
  report.afterQuestion = (await botMessages(page)).at(-1);
  const last = () => page.locator("#berichten article.msg.bot").last();
  await press(page, last().getByRole("button", { name: "Vraag het een collega" }));
  report.preview = (await botMessages(page)).at(-1);
  await press(page, last().getByRole("button", { name: "Versturen", exact: true }));
  report.sent = (await botMessages(page)).at(-1);
  report.waitingStored = await page.evaluate(() => window.sessionStorage.getItem("wegwijzer-waiting"));
  process.stderr.write("expert: sent, waiting for the answer\n");
  await page.waitForSelector("#berichten article.msg.bot.colleague", { timeout: WAIT });
  report.answer = (await botMessages(page)).at(-1);
  report.waitingAfter = await page.evaluate(() => window.sessionStorage.getItem("wegwijzer-waiting"));
  report.axe = await axe(page);
  await context.close();
} finally {
  await browser.close();
}
process.stdout.write(`${JSON.stringify(report)}\n`);
