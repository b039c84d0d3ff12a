// Runs inside Chromium (card.html): renders one Adaptive Card with Microsoft's `adaptivecards`
// library the way a Teams client does (Teams' host config), and describes what it shows.
// Called by render_cards.mjs through Playwright; the global `AdaptiveCards` comes from
// node_modules/adaptivecards/dist/adaptivecards.min.js.
"use strict";

(function () {
  const AC = window.AdaptiveCards;
  const executed = [];
  let rendered = null;

  function describeEvent(event) {
    return {
      phase: AC.ValidationPhase[event.phase],
      event: AC.ValidationEvent[event.event],
      message: event.message,
    };
  }

  function isShown(element) {
    return element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";
  }

  function shownButtons() {
    return rendered ? [...rendered.querySelectorAll("button")].filter(isShown) : [];
  }

  function describeButton(button) {
    return {
      title: button.innerText.trim() || button.getAttribute("aria-label") || "",
      // Teams-style buttons cut a too-long title with an ellipsis instead of wrapping it.
      truncated: button.scrollWidth > button.clientWidth + 1,
    };
  }

  function describeSelect(select) {
    return {
      // The renderer adds a hidden, disabled placeholder option; a reader sees the others.
      options: [...select.options].filter((option) => !option.hidden).map((option) => option.text),
      value: select.value,
    };
  }

  /** Parse and render `json` into #host with `hostConfig`; return what a reader sees. */
  function render(json, hostConfig, width) {
    document.documentElement.style.setProperty("--card-width", `${width}px`);
    const host = document.getElementById("host");
    host.replaceChildren();
    executed.length = 0;

    const card = new AC.AdaptiveCard();
    card.hostConfig = new AC.HostConfig(hostConfig);
    card.onExecuteAction = (action) => {
      executed.push({
        type: action.getJsonTypeName(),
        title: action.title ?? null,
        data: action.data === undefined ? null : JSON.parse(JSON.stringify(action.data)),
      });
    };
    const context = new AC.SerializationContext();
    card.parse(json, context);
    const parseEvents = [];
    for (let i = 0; i < context.eventCount; i++) parseEvents.push(describeEvent(context.getEventAt(i)));
    const validationEvents = card.validateProperties().validationEvents.map(describeEvent);

    rendered = card.render() ?? null;
    if (rendered) host.appendChild(rendered);
    const exists = !!rendered && rendered.isConnected && isShown(rendered);
    const buttons = shownButtons();
    buttons.forEach((button, index) => button.setAttribute("data-button", String(index)));
    return {
      parseEvents,
      validationEvents,
      rendered: exists,
      text: exists ? rendered.innerText : "",
      buttons: buttons.map(describeButton),
      selects: rendered ? [...rendered.querySelectorAll("select")].filter(isShown).map(describeSelect) : [],
      width: exists ? rendered.getBoundingClientRect().width : 0,
      height: exists ? rendered.getBoundingClientRect().height : 0,
      overflowsHorizontally: exists ? rendered.scrollWidth > rendered.clientWidth + 1 : false,
    };
  }

  /** What the card showed after the buttons were pressed: toggles open hidden parts. */
  function afterClicks() {
    return {
      executed: executed.slice(),
      text: rendered ? rendered.innerText : "",
      buttons: shownButtons().map(describeButton),
    };
  }

  window.wegwijzer = { render, afterClicks, ready: !!AC };
})();
