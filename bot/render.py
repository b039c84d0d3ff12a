"""Turn knowledge entries into short Dutch answers, independent of the channel.

An answer reads in about 20 seconds: the short answer first, then steps or checklist,
then the report's example sentences, then caveats, and last one ``Bron:`` line.
Channels (REST, Teams, web chat) decide how to show the text and the buttons.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from bot.knowledge import Entry, KnowledgeBase

SHOW_ENTRY_INTENT = "show_entry"
MAX_RELATED_BUTTONS = 4


@dataclass(frozen=True)
class Button:
    """A button: the title shown, and the message it sends back."""

    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Answer:
    """A rendered answer: Markdown-light text and optional buttons."""

    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)


def entry_button(entry: Entry) -> Button:
    """A button that opens ``entry``, whatever the NLU would make of its title."""
    payload = f"/{SHOW_ENTRY_INTENT}" + json.dumps({"entry": entry.id}, separators=(",", ":"))
    return Button(title=entry.title, payload=payload)


def _section(heading: str, lines: list[str]) -> str:
    return "\n".join([heading, *lines])


def render_entry(entry: Entry, knowledge: KnowledgeBase) -> Answer:
    """Render one entry with buttons for its related entries."""
    parts = [f"**{entry.title}**\n{entry.summary}"]
    if entry.steps:
        parts.append(
            _section("Stappen:", [f"{n}. {step}" for n, step in enumerate(entry.steps, 1)])
        )
    if entry.checklist:
        parts.append(_section("Checklist:", [f"- {item}" for item in entry.checklist]))
    if entry.examples:
        parts.append(_section("Voorbeeldzinnen:", [f"- {example}" for example in entry.examples]))
    if entry.caveats:
        parts.append(_section("Let op:", [f"- {caveat}" for caveat in entry.caveats]))
    parts.append(entry.source_line)
    related = [knowledge[r] for r in entry.related if r in knowledge][:MAX_RELATED_BUTTONS]
    return Answer(text="\n\n".join(parts), buttons=tuple(entry_button(e) for e in related))


def render_suggestions(entries: list[Entry]) -> Answer:
    """The two-stage fallback's question: the closest entries as buttons, and a way out."""
    if not entries:
        return Answer(text="Ik weet niet zeker wat je bedoelt. Kun je het anders formuleren?")
    buttons = [entry_button(e) for e in entries]
    buttons.append(Button(title="Iets anders", payload="/out_of_scope"))
    return Answer(
        text="Ik weet niet zeker wat je bedoelt. Gaat het over een van deze onderwerpen?",
        buttons=tuple(buttons),
    )
