#!/usr/bin/env node
// Render Adaptive Cards as a Teams client would and report what they show, as JSON on stdout.
//
//   node tests/render/render_cards.mjs --cards cards.json [--screenshots DIR] [--width 450]
//        [--scale 2] [--no-click]
//
// cards.json maps a name to a card (the JSON the bot sends as the attachment's content). Each
// card is rendered by Microsoft's `adaptivecards` library (node_modules/adaptivecards) in
// card.html, with Microsoft's Teams (light) host config and CSS (vendor/), inside Debian's
// headless Chromium driven by playwright-core (which downloads no browser of its own). For
// every card the report has: the parse and validation events of the library, whether the card
// element was rendered and is shown, its visible text (innerText), the buttons shown (title,
// cut off or not) and choice lists; then every shown button is pressed (unless --no-click) and
// the actions the card executed (type, title, data as the host receives it) and the text shown
// afterwards are added. With --screenshots, DIR/<name>.png is a screenshot of the message
// (sender line and card) taken before any button is pressed.
//
// The browser: $WEGWIJZER_CHROMIUM or /usr/bin/chromium (Debian's `chromium` package). It gets
// a fresh profile (Playwright's launch() creates a temporary --user-data-dir and removes it on
// close) and the flags that keep it off the network: it must make no request at all, and
// anything but file:// is aborted and reported under "blockedRequests".
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

import { chromium } from "playwright-core";

import { CHROMIUM, CHROMIUM_ARGS, confine, watchErrors } from "../chromium.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const PAGE = pathToFileURL(join(HERE, "card.html")).href;
const HOST_CONFIG = JSON.parse(readFileSync(join(HERE, "vendor", "microsoft-teams-light.json"), "utf8"));

function fail(message) {
  process.stderr.write(`render_cards: ${message}\n`);
  process.exit(2);
}

const { values: options } = parseArgs({
  options: {
    cards: { type: "string" },
    screenshots: { type: "string" },
    width: { type: "string", default: "450" },
    scale: { type: "string", default: "2" },
    "no-click": { type: "boolean", default: false },
  },
});
if (!options.cards) fail("--cards FILE is required");
if (!existsSync(CHROMIUM)) {
  fail(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set WEGWIJZER_CHROMIUM`);
}
const cards = JSON.parse(readFileSync(options.cards, "utf8"));
const width = Number(options.width);
const scale = Number(options.scale);
const screenshots = options.screenshots ? resolve(options.screenshots) : null;
if (screenshots) mkdirSync(screenshots, { recursive: true });

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS,
  timeout: 60_000,
});
const report = { browser: browser.version(), width, cards: {}, blockedRequests: [], pageErrors: [] };
try {
  const context = await browser.newContext({
    viewport: { width: width + 100, height: 800 },
    deviceScaleFactor: scale,
    locale: "nl-NL",
    timezoneId: "Europe/Amsterdam",
    reducedMotion: "reduce",
  });
  await confine(context, report, (url) => url.startsWith("file:"));
  const page = await context.newPage();
  watchErrors(page, report);

  // One page for all cards: each render() empties the card host first.
  await page.goto(PAGE, { waitUntil: "load" });
  if (!(await page.evaluate(() => window.wegwijzer?.ready === true))) {
    throw new Error(`${PAGE} did not load the adaptivecards library (npm ci): ${report.pageErrors}`);
  }
  for (const [name, card] of Object.entries(cards)) {
    const result = await page.evaluate(
      ([json, hostConfig, cardWidth]) => window.wegwijzer.render(json, hostConfig, cardWidth),
      [card, HOST_CONFIG, width],
    );
    await page.evaluate(() => document.fonts.ready);
    if (screenshots) {
      await page.mouse.move(0, 0); // no hover effect from the previous card's clicks
      const path = join(screenshots, `${name}.png`);
      await page.locator("#frame").screenshot({ path, animations: "disabled" });
      result.screenshot = path;
    }
    if (!options["no-click"]) {
      for (let index = 0; index < result.buttons.length; index++) {
        const button = page.locator(`[data-button="${index}"]`);
        if (await button.isVisible()) await button.click({ timeout: 5_000 });
      }
      result.afterClicks = await page.evaluate(() => window.wegwijzer.afterClicks());
    }
    report.cards[name] = result;
  }
  await context.close();
} finally {
  await browser.close();
}
process.stdout.write(`${JSON.stringify(report)}\n`);
