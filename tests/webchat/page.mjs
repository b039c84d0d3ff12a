// What the web chat scripts (chat.mjs, expert.mjs) share: a browser session on /chat that
// blocks everything from elsewhere, reading the bot's messages, asking and pressing as a
// person does with the keyboard, and axe-core's findings.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { confine, watchErrors } from "../chromium.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const AXE = readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8");
export const WAIT = 120_000; // ms a reply may take on a busy machine (the first one loads models)

// A new context and page on `${base}/chat`; requests elsewhere are aborted and listed in
// report.blockedRequests, script errors and CSP reports in report.pageErrors.
export async function session(browser, base, report, viewport, extra) {
  const origin = new URL(base).origin;
  const context = await browser.newContext({
    viewport,
    locale: "nl-NL",
    timezoneId: "Europe/Amsterdam",
    reducedMotion: "reduce",
    ...extra,
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  await confine(context, report, (url) => url.startsWith(origin + "/"));
  const page = await context.newPage();
  watchErrors(page, report);
  const response = await page.goto(`${base}/chat`, { waitUntil: "load" });
  return { context, page, headers: response ? await response.allHeaders() : {} };
}

export async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
}

// What a bot message shows; answers by their parts.
export async function botMessages(page) {
  return page.$$eval("#berichten article.msg.bot", (nodes) =>
    nodes.map((n) => ({
      answer: n.classList.contains("answer"),
      colleague: n.classList.contains("colleague"),
      title: n.querySelector("h3")?.textContent ?? null,
      text: n.innerText,
      source: n.querySelector(".source")?.textContent ?? null,
      buttons: Array.from(n.querySelectorAll(".buttons button")).map((b) => b.textContent),
      examples: Array.from(n.querySelectorAll(".examples q")).map((q) => q.textContent),
      feedback: Array.from(n.querySelectorAll(".feedback button")).map((b) => b.getAttribute("aria-label")),
    })),
  );
}

export async function waitForBotCount(page, count, timeout = WAIT) {
  await page.waitForFunction(
    (n) => document.querySelectorAll("#berichten article.msg.bot").length >= n &&
      document.getElementById("berichten").getAttribute("aria-busy") !== "true",
    count,
    { timeout },
  );
}

export async function ask(page, text) {
  const before = await page.locator("#berichten article.msg.bot").count();
  await page.getByLabel("Je vraag of opmerking").focus();
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
  await waitForBotCount(page, before + 1);
}

export async function press(page, locator) {
  const before = await page.locator("#berichten article.msg.bot").count();
  await locator.focus();
  await page.keyboard.press("Enter");
  await waitForBotCount(page, before + 1);
}
