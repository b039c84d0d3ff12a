// Wegwijzer web chat: vanilla JS, no build step, nothing loaded from elsewhere.
// Talks to POST /chat/webhook; lays out an entry's answer from its parts (message.answer).
"use strict";

(function () {
  const ENDPOINT = "/chat/webhook";
  const ANSWERS = "/chat/answers";
  const POLL_MS = 15000; // bot/channels/webchat.py POLL_SECONDS
  const log = document.getElementById("berichten");
  const form = document.getElementById("invoer");
  const input = document.getElementById("bericht");
  const status = document.getElementById("status");
  const sendButton = document.getElementById("verstuur");
  let busy = false;

  function randomId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // One conversation per browser tab; a new tab starts afresh.
  function senderId() {
    let id = null;
    try {
      id = window.sessionStorage.getItem("wegwijzer-sender");
      if (!id) {
        id = randomId();
        window.sessionStorage.setItem("wegwijzer-sender", id);
      }
    } catch (e) {
      id = id || randomId();
    }
    return id;
  }
  const sender = senderId();

  // Questions sent to colleagues whose answer has not come yet (kept per tab, like the
  // conversation): while there are any, ask /chat/answers every POLL_MS.
  function waitingCount() {
    try {
      return Number(window.sessionStorage.getItem("wegwijzer-waiting") || "0");
    } catch (e) {
      return 0;
    }
  }
  function setWaiting(count) {
    try {
      window.sessionStorage.setItem("wegwijzer-waiting", String(Math.max(0, count)));
    } catch (e) {
      /* storage blocked: polling lasts as long as the page */
    }
  }
  let pollTimer = null;

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children || []) {
      if (child) node.append(child);
    }
    return node;
  }

  // Markdown-light as the actions write it: **bold**, _italic_, "> " quotes, "- " items.
  function inline(text) {
    const parts = [];
    const pattern = /\*\*([^*]+)\*\*|(^|\s)_([^_]+)_(?=\s|$|[.,;:!?])/g;
    let last = 0;
    let match;
    while ((match = pattern.exec(text)) !== null) {
      if (match[1] !== undefined) {
        parts.push(text.slice(last, match.index), el("strong", { text: match[1] }));
      } else {
        parts.push(text.slice(last, match.index) + match[2], el("em", { text: match[3] }));
      }
      last = pattern.lastIndex;
    }
    parts.push(text.slice(last));
    return parts.filter((p) => p !== "");
  }

  function textBlocks(text) {
    const blocks = [];
    for (const paragraph of text.split(/\n{2,}/)) {
      const lines = paragraph.split("\n");
      if (lines.every((l) => l.startsWith("- "))) {
        blocks.push(el("ul", {}, lines.map((l) => el("li", {}, inline(l.slice(2))))));
      } else if (lines.every((l) => l.startsWith("> "))) {
        blocks.push(el("blockquote", {}, lines.map((l) => el("p", {}, inline(l.slice(2))))));
      } else {
        const p = el("p");
        lines.forEach((line, i) => {
          if (i) p.append(el("br"));
          p.append(...inline(line));
        });
        blocks.push(p);
      }
    }
    return blocks;
  }

  function who(label) {
    return el("p", { className: "who visually-hidden", text: label });
  }

  function scrollToEnd(node) {
    node.scrollIntoView({ block: "end", behavior: "auto" });
  }

  function addUser(text) {
    const node = el("article", { className: "msg user" }, [who("Jij:"), el("p", { text: text })]);
    log.append(node);
    scrollToEnd(node);
  }

  async function copyText(text, word) {
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch (e) {
      const area = el("textarea", { "aria-hidden": "true" });
      area.value = text;
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.append(area);
      area.select();
      try {
        ok = document.execCommand("copy");
      } catch (e2) {
        ok = false;
      }
      area.remove();
    }
    word.textContent = ok ? "Gekopieerd" : "Niet gelukt";
    status.textContent = ok ? "Voorbeeldzin gekopieerd." : "Kopiëren lukte niet; selecteer de zin zelf.";
    window.setTimeout(() => { word.textContent = "Kopieer"; }, 2500);
  }

  function section(title, items, ordered, className) {
    if (!items || !items.length) return null;
    const list = el(ordered ? "ol" : "ul", className ? { className: className } : {});
    for (const item of items) list.append(el("li", {}, inline(item)));
    return el("section", {}, [el("h4", { text: title }), list]);
  }

  function examples(items) {
    if (!items || !items.length) return null;
    const list = el("ul", { className: "examples" });
    items.forEach((item, i) => {
      // The visible word is the start of the accessible name ("Kopieer voorbeeldzin 1").
      const word = el("span", { text: "Kopieer" });
      const button = el("button", { type: "button", className: "copy" },
        [word, el("span", { className: "visually-hidden", text: " voorbeeldzin " + (i + 1) })]);
      button.addEventListener("click", () => copyText(item, word));
      list.append(el("li", {}, [el("q", { text: item }), button]));
    });
    return el("section", {}, [el("h4", { text: "Voorbeeldzinnen" }), list]);
  }

  function choiceButtons(buttons, label) {
    if (!buttons || !buttons.length) return null;
    const group = el("div", { className: "buttons", role: "group", "aria-label": label });
    for (const b of buttons) {
      const button = el("button", { type: "button", className: "choice", text: b.title });
      button.dataset.send = b.payload;
      button.dataset.label = b.title;
      group.append(button);
    }
    return group;
  }

  function feedbackPayload(entry, rating) {
    return "/feedback" + JSON.stringify({ entry: entry, rating: rating });
  }

  function feedbackBar(entry) {
    const up = el("button", { type: "button", className: "rate", "aria-pressed": "false",
      "aria-label": "Dit antwoord hielp me", title: "Dit antwoord hielp me", text: "👍" });
    const down = el("button", { type: "button", className: "rate", "aria-pressed": "false",
      "aria-label": "Dit antwoord hielp me niet", title: "Dit antwoord hielp me niet", text: "👎" });
    const bar = el("div", { className: "feedback", role: "group", "aria-label": "Hielp dit antwoord?" },
      [el("p", { text: "Hielp dit?" }), up, down]);
    for (const [button, rating, label] of [[up, "up", "👍"], [down, "down", "👎"]]) {
      button.addEventListener("click", () => {
        if (busy) return;
        up.setAttribute("aria-pressed", String(button === up));
        down.setAttribute("aria-pressed", String(button === down));
        // After a 👎 the assistant asks what was missing: the answer goes in the input box.
        send(feedbackPayload(entry, rating), label).then(() => {
          if (rating === "down") input.focus();
        });
      });
    }
    return bar;
  }

  function answerCard(answer, buttons) {
    const id = "antwoord-" + log.children.length;
    const parts = [who("Wegwijzer:"), el("h3", { id: id, text: answer.title })];
    if (answer.note) parts.push(el("p", { className: "note", text: answer.note }));
    parts.push(el("p", { className: "summary" }, inline(answer.summary)));
    parts.push(section("Stappen", answer.steps, true));
    parts.push(section("Checklist", answer.checklist, false));
    parts.push(examples(answer.examples));
    parts.push(section("Let op", answer.caveats, false));
    parts.push(el("p", { className: "source", text: answer.source }));
    if (answer.unsure) parts.push(el("p", { className: "unsure", text: answer.unsure }));
    parts.push(choiceButtons(buttons, "Verder lezen"));
    parts.push(feedbackBar(answer.entry));
    return el("article", { className: "msg bot answer", "aria-labelledby": id }, parts);
  }

  function addBot(message) {
    let node;
    if (message.answer) {
      node = answerCard(message.answer, message.buttons);
    } else {
      node = el("article", { className: message.colleague ? "msg bot colleague" : "msg bot" }, [who("Wegwijzer:"),
        ...textBlocks(message.text || ""), choiceButtons(message.buttons, "Kies")]);
    }
    log.append(node);
    return node;
  }

  function addError(text) {
    const node = el("article", { className: "msg bot error" }, [who("Wegwijzer:"), el("p", { text: text })]);
    log.append(node);
    scrollToEnd(node);
  }

  // Sign-in is on and the session ended (signed out elsewhere, or expired): the message
  // did not reach Wegwijzer, so say so, with 112 first and a way back in.
  function signedOut() {
    const link = el("a", { href: "/chat/auth/login", text: "Opnieuw aanmelden" });
    const node = el("article", { className: "msg bot error" }, [
      who("Wegwijzer:"),
      el("p", { text: "Is er nu direct gevaar? Bel 112." }),
      el("p", { text: "Je bent niet meer aangemeld, dus je bericht is niet verstuurd." }),
      el("p", {}, [link]),
    ]);
    log.append(node);
    scrollToEnd(node);
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    log.setAttribute("aria-busy", String(value));
    status.textContent = value ? "Wegwijzer zoekt een antwoord…" : "";
  }

  async function send(message, shown) {
    if (busy) return;
    addUser(shown || message);
    setBusy(true);
    let first = null;
    try {
      const response = await fetch(ENDPOINT, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: sender, message: message }),
      });
      if (response.status === 401) {
        signedOut();
        return;
      }
      if (!response.ok) throw new Error("HTTP " + response.status);
      const body = await response.json();
      for (const m of body.messages || []) {
        const node = addBot(m);
        first = first || node;
        noteWaiting(m);
      }
    } catch (e) {
      addError("Wegwijzer is tijdelijk niet bereikbaar. Probeer het zo opnieuw. Is er nu direct gevaar? Bel 112.");
    } finally {
      setBusy(false);
    }
    if (first) first.scrollIntoView({ block: "start", behavior: "auto" });
  }

  // A question went to the colleagues (waiting), or a colleague's answer came in.
  function noteWaiting(message) {
    if (message.waiting) {
      setWaiting(waitingCount() + 1);
      schedulePoll();
    } else if (message.colleague) {
      setWaiting(waitingCount() - 1);
    }
  }

  function schedulePoll() {
    if (pollTimer === null && waitingCount() > 0) {
      pollTimer = window.setTimeout(poll, POLL_MS);
    }
  }

  async function poll() {
    pollTimer = null;
    if (!busy) {
      try {
        const response = await fetch(ANSWERS, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ sender: sender }),
        });
        if (response.ok) {
          const body = await response.json();
          for (const m of body.messages || []) {
            scrollToEnd(addBot(m));
            noteWaiting(m);
          }
        }
      } catch (e) {
        /* offline for a moment: try again at the next turn of the timer */
      }
    }
    schedulePoll();
  }
  schedulePoll();

  log.addEventListener("click", (event) => {
    const button = event.target.closest("button.choice");
    if (!button || busy) return;
    send(button.dataset.send, button.dataset.label || button.textContent);
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      input.focus();
      return;
    }
    input.value = "";
    send(text);
    input.focus();
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();
