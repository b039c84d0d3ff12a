// The browser our browser tests and screenshots launch (tests/render/render_cards.mjs,
// tests/webchat/*.mjs): $WEGWIJZER_CHROMIUM or Debian's /usr/bin/chromium, headless, with
// the flags that keep it off the network (no updates, sync, pings or QUIC).
export const CHROMIUM = process.env.WEGWIJZER_CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--disable-domain-reliability",
  "--no-pings",
];

// Let a context load only what `allowed(url)` accepts (the rest is aborted and listed in
// report.blockedRequests), and list a page's script errors and CSP reports in
// report.pageErrors.
export async function confine(context, report, allowed) {
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.continue();
    report.blockedRequests.push(url);
    return route.abort("blockedbyclient");
  });
}

export function watchErrors(page, report) {
  page.on("pageerror", (error) => report.pageErrors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") report.pageErrors.push(message.text());
  });
}
