"""Adaptive Cards for Microsoft Teams: answers, other messages, welcome, messaging extension.

Pure functions that return JSON-ready dicts; the connector (:mod:`bot.channels.teams`) sends
them. What they rely on, as Microsoft documents it:

- **Card format.** Adaptive Cards 1.5 (``version``/``$schema``), which Teams supports; every
  card here validates against the 1.5 JSON schema (tests/unit/test_teams_cards.py). A card sent
  by a bot is an attachment with ``contentType`` ``application/vnd.microsoft.card.adaptive``.
  ``fallbackText`` carries the same Markdown-light text the other channels get, for clients
  that cannot show the card.
- **Text is shown literally.** Entry content goes into ``RichTextBlock``/``TextRun`` elements,
  which do no Markdown ("Markdown is not supported", schema 1.5 ``TextRun.text``): the
  report's example sentences contain blanks like ``___`` that a ``TextBlock`` would turn into
  bold/italic. Markdown-light (``**bold**``, ``_italic_``) in other messages is converted to
  ``TextRun`` styles here instead of being left to the client.
- **Buttons reach the bot as messages.** Each button is an ``Action.Submit`` whose ``data``
  has an ``msteams`` object of type ``messageBack``: Teams "Card actions", section "Adaptive
  Cards actions" (MicrosoftDocs/msteams-docs
  ``msteams-platform/task-modules-and-cards/cards/cards-actions.md``): "you can modify the
  Adaptive Card ``Action.Submit`` payload to support existing Bot Framework actions using a
  ``msteams`` property in the ``data`` object". With ``messageBack``, ``displayText`` is
  "echoed by the user into the chat stream" (the button's title, so the chat reads like a
  conversation, not ``/show_entry{…}``), ``text`` and ``value`` are "sent to your bot".
  The payload is put everywhere the bot can read it from: ``data.payload`` and
  ``msteams.value.payload`` for the activity's ``value`` (which the connector reads), and
  ``msteams.text`` for its ``text``. ``imBack`` was not chosen: it echoes the raw payload
  into the chat. Too many buttons for Teams (see below) become an ``Input.ChoiceSet`` whose
  id is ``payload``: with an object ``data``, "each input field ... will be represented as a
  property of that value object" named after its id, and "any properties already in the
  object submit action's data property will also be present" (Microsoft's answer in the
  Teams developer forum, citing the Bot Framework blog "Using Adaptive Cards with the
  Microsoft Bot Framework").
- **Teams limits.** Teams shows at most six actions per action set (``maxActions: 6`` in the
  Teams host configs shipped with ``adaptivecards-designer``; the Teams docs on the overflow
  menu: "up to six primary buttons"). Related entries therefore get one row each (one
  ``ActionSet`` per button, so long titles are not squeezed side by side), and a long list
  of buttons (browsing a section) becomes one compact ``Input.ChoiceSet`` with a submit
  button instead of dozens of rows. The 👍/👎 feedback actions are the card's own two
  actions. Lists longer than :data:`MAX_LIST_ITEMS` show the rest behind a "Toon nog …"
  toggle. The message size limit (40 KB as UTF-16 in "Format your bot messages") is checked
  in the tests for every card.
- **Messaging extension.** "Respond to search command"
  (``msteams-platform/messaging-extensions/how-to/search-commands/respond-to-search.md``):
  the response is ``{"composeExtension": {"type": "result", "attachmentLayout": "list",
  "attachments": [...]}}``; an attachment's preview "can only be a Hero or a Thumbnail card";
  a preview with a ``tap`` of type ``invoke`` makes Teams send ``composeExtension/selectItem``
  with the tap's ``value``; an Adaptive Card result "must include a preview". Thumbnail
  cards take HTML in ``text`` (so it is escaped) and no formatting in ``title``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields, replace
from typing import Any

from bot.render import EntryView

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
THUMBNAIL_CARD = "application/vnd.microsoft.card.thumbnail"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.5"
FEEDBACK_INTENT = "feedback"
MAX_LIST_ITEMS = 8  # items shown before "Toon nog …"
MAX_BUTTON_ROWS = 8  # more buttons than this become one choice list
PREVIEW_TEXT_LENGTH = 160
SOURCE_PREFIX = "Bron: "

WELCOME_QUESTIONS = (
    "Wat zeg ik als ik word uitgedaagd?",
    "Mag ik dit delen met de wijkagent?",
    "Er gaat een gerucht rond, wat doe ik?",
    "Hoe voorkom ik een wraakactie na een incident?",
)

# The welcome's offer to new colleagues (issue 7): starts the tour (bot/onboarding/tour.py).
TOUR_BUTTON = {"title": "Rondleiding voor nieuwe collega's", "payload": "/start_tour"}

Card = dict[str, Any]
Element = dict[str, Any]


# --- building blocks -------------------------------------------------------------------


def make_card(body: list[Element], fallback: str, actions: Sequence[Element] = ()) -> Card:
    card: Card = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "fallbackText": fallback,
        "body": body,
    }
    if actions:
        card["actions"] = list(actions)
    return card


def _run(text: str, **style: Any) -> Element:
    return {"type": "TextRun", "text": text, **style}


def _rich(runs: Sequence[Element], **props: Any) -> Element:
    return {"type": "RichTextBlock", "inlines": list(runs), **props}


_URL = re.compile(r"https?://[^\s)]+")


def _link_label(url: str) -> str:
    """A short label for a link: its host, and "…" when there is a path."""
    rest = url.split("://", 1)[1]
    host, _, path = rest.partition("/")
    return host + ("/…" if path.strip("/") else "")


def _runs(text: str, style: Mapping[str, Any] | None = None) -> list[Element]:
    """``text`` as text runs. A long link cannot wrap inside a RichTextBlock and would run
    out of the card, so it is shown as its host and opens the full address when pressed."""
    style = dict(style or {})
    runs: list[Element] = []
    position = 0
    for match in _URL.finditer(text):
        if match.start() > position:
            runs.append(_run(text[position : match.start()], **style))
        link = {"type": "Action.OpenUrl", "url": match.group(0)}
        runs.append(_run(_link_label(match.group(0)), **style, selectAction=link))
        position = match.end()
    if position < len(text) or not runs:
        runs.append(_run(text[position:], **style))
    return runs


def plain_text(text: str, run_style: Mapping[str, Any] | None = None, **props: Any) -> Element:
    """Text shown exactly as given (no Markdown; links shortened, see :func:`_runs`)."""
    return _rich(_runs(text, run_style), **props)


def heading(text: str, **props: Any) -> Element:
    return {"type": "TextBlock", "text": text, "weight": "Bolder", "wrap": True, **props}


def _row(marker: str, item: Element) -> Element:
    """A list item: the marker (``1.``, ``•``) in a narrow column, the text beside it."""
    return {
        "type": "ColumnSet",
        "spacing": "Small",
        "columns": [
            {
                "type": "Column",
                "width": "auto",
                "items": [{"type": "TextBlock", "text": marker, "wrap": False}],
            },
            {"type": "Column", "width": "stretch", "items": [item]},
        ],
    }


def _collapsible(rows: list[Element], key: str) -> list[Element]:
    """``rows``, with those past :data:`MAX_LIST_ITEMS` hidden behind a toggle."""
    if len(rows) <= MAX_LIST_ITEMS:
        return rows
    more_id, toggle_id = f"{key}-meer", f"{key}-toon"
    hidden = rows[MAX_LIST_ITEMS:]
    toggle = {
        "type": "Action.ToggleVisibility",
        "title": f"Toon nog {len(hidden)}",
        "targetElements": [
            {"type": "TargetElement", "elementId": more_id, "isVisible": True},
            {"type": "TargetElement", "elementId": toggle_id, "isVisible": False},
        ],
    }
    return [
        *rows[:MAX_LIST_ITEMS],
        {"type": "Container", "id": more_id, "isVisible": False, "items": hidden},
        {"type": "ActionSet", "id": toggle_id, "actions": [toggle]},
    ]


def _section(title: str, rows: list[Element], key: str, **heading_props: Any) -> list[Element]:
    if not rows:
        return []
    return [heading(title, spacing="Medium", **heading_props), *_collapsible(rows, key)]


def _source(line: str) -> Element:
    """The ``Bron:`` line: exact text, small and subtle, set off by a line."""
    return plain_text(line, {"size": "Small", "isSubtle": True}, separator=True, spacing="Medium")


def submit_action(title: str, payload: str, tooltip: str | None = None) -> Element:
    """A button that sends ``payload`` to the bot as a message, echoing ``title`` in the chat
    (Teams ``messageBack``; see the module docstring)."""
    action: Element = {
        "type": "Action.Submit",
        "title": title,
        "data": {
            "payload": payload,
            "msteams": {
                "type": "messageBack",
                "displayText": title,
                "text": payload,
                "value": {"payload": payload},
            },
        },
    }
    if tooltip:
        action["tooltip"] = tooltip
    return action


def _button_rows(buttons: Sequence[Mapping[str, Any]]) -> list[Element]:
    """Buttons below the content: a row each, or one choice list when there are many."""
    if not buttons:
        return []
    if len(buttons) <= MAX_BUTTON_ROWS:
        return [
            {
                "type": "ActionSet",
                "spacing": "Small",
                "actions": [submit_action(b["title"], b["payload"], tooltip=b["title"])],
            }
            for b in buttons
        ]
    choices = [{"title": b["title"], "value": b["payload"]} for b in buttons]
    return [
        {
            "type": "Input.ChoiceSet",
            # Teams merges input values into the submitted data under the input's id, so the
            # chosen button's payload arrives as ``value.payload`` like a button press.
            "id": "payload",
            "label": "Kies een onderwerp",
            "style": "compact",
            "value": choices[0]["value"],
            "choices": choices,
            "wrap": True,
        },
        {
            "type": "ActionSet",
            "actions": [{"type": "Action.Submit", "title": "Toon", "data": {"keuze": "lijst"}}],
        },
    ]


def feedback_payload(entry_id: str, rating: str) -> str:
    """``/feedback{"entry":"<id>","rating":"up"|"down"}``: what the 👍/👎 buttons send."""
    entities = json.dumps({"entry": entry_id, "rating": rating}, separators=(",", ":"))
    return f"/{FEEDBACK_INTENT}{entities}"


def _feedback_actions(entry_id: str) -> list[Element]:
    return [
        submit_action("👍", feedback_payload(entry_id, "up"), tooltip="Dit antwoord hielp me"),
        submit_action(
            "👎", feedback_payload(entry_id, "down"), tooltip="Dit antwoord hielp me niet"
        ),
    ]


# --- answers -----------------------------------------------------------------------------


def _view(answer: Mapping[str, Any]) -> EntryView:
    """The answer's parts as the renderer has them (``EntryView.as_dict()`` reversed)."""
    known = {f.name for f in fields(EntryView)}
    values: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in answer.items() if k in known
    }
    return EntryView(**values)


def _answer_body(view: EntryView, with_unsure: bool) -> list[Element]:
    key = view.entry
    body: list[Element] = [plain_text(view.title, {"weight": "Bolder", "size": "Medium"})]
    if view.note:
        body.append(plain_text(view.note, {"isSubtle": True, "italic": True}, spacing="None"))
    body.append(plain_text(view.summary, spacing="Small"))
    steps = [_row(f"{n}.", plain_text(step)) for n, step in enumerate(view.steps, 1)]
    body += _section("Stappen", steps, f"{key}-stappen")
    checklist = [_row("•", plain_text(item)) for item in view.checklist]
    body += _section("Checklist", checklist, f"{key}-checklist")
    examples = [
        {
            "type": "Container",
            "style": "emphasis",
            "spacing": "Small",
            "items": [plain_text(example)],
        }
        for example in view.examples
    ]
    body += _section("Voorbeeldzinnen", examples, f"{key}-voorbeelden")
    caveats = [_row("•", plain_text(caveat)) for caveat in view.caveats]
    body += _section("Let op", caveats, f"{key}-letop", color="Attention")
    body.append(_source(view.source))
    if with_unsure and view.unsure:
        body.append(plain_text(view.unsure, {"isSubtle": True, "italic": True}, spacing="Small"))
    return body


def answer_card(answer: Mapping[str, Any], buttons: Sequence[Mapping[str, Any]]) -> Card:
    """An entry's answer (``EntryView.as_dict()``, the ``answer`` key of the action's
    message) with its buttons (related entries, "Uit het rapport") and 👍/👎."""
    view = _view(answer)
    body = _answer_body(view, with_unsure=True)
    rows = _button_rows(buttons)
    if rows:
        body += [heading("Meer hierover", spacing="Medium", size="Small"), *rows]
    return make_card(body, view.text, _feedback_actions(view.entry))


def inserted_card(answer: Mapping[str, Any]) -> Card:
    """The answer to insert into any chat from the messaging extension: the same content,
    no buttons (they would act for whoever presses them in someone else's chat)."""
    shared = replace(_view(answer), unsure=None)
    body = _answer_body(shared, with_unsure=False)
    body.append(
        plain_text("Gedeeld via Wegwijzer", {"size": "Small", "isSubtle": True}, spacing="Small")
    )
    return make_card(body, shared.text)


# --- other messages ------------------------------------------------------------------------

_BOLD = re.compile(r"\*\*(.+?)\*\*")
# _italic_ around words, not the blanks (___) in example sentences
_ITALIC = re.compile(r"(?<![\w_])_(?![_\s])(.+?)(?<![_\s])_(?![\w_])")
_BULLET = re.compile(r"^[-•]\s+(.*)$")
_NUMBERED = re.compile(r"^(\d+)[.)]\s+(.*)$")
_QUOTE = re.compile(r"^>\s?(.*)$")


def _inline(text: str) -> list[Element]:
    """Markdown-light ``**bold**`` and ``_italic_`` as text runs; everything else literal."""
    runs: list[Element] = []
    for i, part in enumerate(_BOLD.split(text)):
        bold = {"weight": "Bolder"} if i % 2 else {}
        for j, piece in enumerate(_ITALIC.split(part)):
            if piece:
                runs += _runs(piece, {**bold, **({"italic": True} if j % 2 else {})})
    return runs or [_run(text)]


def _line(text: str, spacing: str) -> Element:
    return _rich(_inline(text), spacing=spacing)


def _paragraph(lines: list[str], first_spacing: str) -> list[Element]:
    elements: list[Element] = []
    for n, line in enumerate(lines):
        spacing = first_spacing if n == 0 else "None"
        if match := _BULLET.match(line):
            elements.append({**_row("•", _rich(_inline(match[1]))), "spacing": "Small"})
        elif match := _NUMBERED.match(line):
            elements.append({**_row(f"{match[1]}.", _rich(_inline(match[2]))), "spacing": "Small"})
        elif match := _QUOTE.match(line):
            quote = _rich(_inline(match[1]))
            elements.append(
                {"type": "Container", "style": "emphasis", "spacing": "Small", "items": [quote]}
            )
        elif line.startswith(SOURCE_PREFIX):  # the source line, as on answer cards
            elements.append(_source(line))
        else:
            elements.append(_line(line, spacing))
    return elements


def _text_body(text: str) -> list[Element]:
    body: list[Element] = []
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    for n, paragraph in enumerate(paragraphs):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        body += _paragraph(lines, "None" if n == 0 else "Medium")
    if not body:
        body.append(plain_text(text))
    return body


def text_card(text: str, buttons: Sequence[Mapping[str, Any]]) -> Card:
    """Any other bot message (Markdown-light text, optional buttons) as a card."""
    return make_card(_text_body(text) + _button_rows(buttons), text)


def welcome_card() -> Card:
    """The greeting when Wegwijzer is added to a chat, team or personal scope."""
    intro = (
        "Ik help professionals — jongerenwerkers, politie, gemeente en netwerkpartners — "
        "bij online aangejaagd geweld, met de adviezen uit het rapport van Greijdanus e.a. "
        "(2023), _Interventies in de cyclus van online aangejaagd geweld_. Bij elk antwoord "
        "staat waar het in het rapport staat."
    )
    usage = (
        "Stel je vraag in je eigen woorden. In een kanaal of groepschat noem je mij eerst: "
        "@Wegwijzer. Met **Zoek in Wegwijzer** onder het berichtvenster zet je een antwoord "
        "in elke chat."
    )
    safety = "Is er nu gevaar? Bel 112."
    privacy = (
        "Ik bewaar geen namen uit Teams. Noem in je vragen geen namen of andere gegevens "
        "van personen."
    )
    body = [
        heading("Welkom bij Wegwijzer", size="Large", style="heading"),
        _rich(_inline(intro), spacing="Small"),
        _rich(_inline(usage), spacing="Small"),
        plain_text(safety, {"weight": "Bolder", "color": "Attention"}, spacing="Medium"),
        plain_text(privacy, {"isSubtle": True, "size": "Small"}, spacing="Small"),
        heading("Nieuw?", spacing="Medium", size="Small"),
        *_button_rows([TOUR_BUTTON]),
        heading("Probeer bijvoorbeeld", spacing="Medium", size="Small"),
        *_button_rows([{"title": q, "payload": q} for q in WELCOME_QUESTIONS]),
    ]
    examples = "Probeer bijvoorbeeld:\n" + "\n".join(f"- {q}" for q in WELCOME_QUESTIONS)
    tour = "Nieuw? Typ 'rondleiding' voor een rondleiding langs de kern van het rapport."
    fallback = "\n\n".join(
        ["**Welkom bij Wegwijzer**", intro, usage, safety, privacy, tour, examples]
    )
    return make_card(body, fallback)


# --- messaging extension ---------------------------------------------------------------------


def _shorten(text: str, limit: int = PREVIEW_TEXT_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def preview_card(entry_id: str, title: str, summary: str) -> dict[str, Any]:
    """One search result of "Zoek in Wegwijzer": a thumbnail card attachment with the same
    card as its ``preview``, whose tap sends ``composeExtension/selectItem`` with value
    ``{"entry": entry_id}``; the bot answers that with the full card (:func:`inserted_card`)."""
    thumbnail = {
        "contentType": THUMBNAIL_CARD,
        "content": {
            "title": title,
            "text": html.escape(_shorten(summary), quote=False),
            "tap": {"type": "invoke", "value": {"entry": entry_id}},
        },
    }
    return {**thumbnail, "preview": dict(thumbnail)}


def attachment(card: Card, preview: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``card`` as an activity or messaging-extension attachment. In a messaging-extension
    result an Adaptive Card must have a ``preview``: pass :func:`preview_card`'s result."""
    result: dict[str, Any] = {"contentType": ADAPTIVE_CARD, "content": card}
    if preview is not None:
        result["preview"] = {"contentType": preview["contentType"], "content": preview["content"]}
    return result


def compose_extension_result(attachments: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The invoke response body for ``composeExtension/query`` and ``…/selectItem``."""
    return {
        "composeExtension": {
            "type": "result",
            "attachmentLayout": "list",
            "attachments": [dict(a) for a in attachments],
        }
    }
