// The browser our browser tests and screenshots launch (tests/render/render_cards.mjs,
// tests/webchat/chat.mjs): $WEGWIJZER_CHROMIUM or Debian's /usr/bin/chromium, headless, with
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
