"""Turn knowledge entries into short Dutch answers, independent of the channel.

An answer reads in about 20 seconds: the short answer first, then steps or checklist,
then the report's example sentences, then caveats, and last one ``Bron:`` line.
Channels (REST, Teams, web chat) decide how to show the text and the buttons.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from bot.knowledge import Entry, KnowledgeBase, Section
from bot.knowledge.model import LOCAL_MARKER

SHOW_ENTRY_INTENT = "show_entry"
SHOW_BACKGROUND_INTENT = "show_background"
BROWSE_INTENT = "browse"
PHASES = {
    "vredestijd": "Vredestijd",
    "crisis": "Crisis",
    "nazorg": "Nazorg",
    "algemeen": "Algemeen",
}
ROLE_LABELS = {
    "jongerenwerker": "jongerenwerker",
    "politie": "politie",
    "gemeente": "gemeente",
    "netwerkpartner": "netwerkpartner",
}
FEEDBACK_INTENT = "feedback"
FEEDBACK_TITLES = {"up": "👍 Hielp me", "down": "👎 Hielp me niet"}
BACKGROUND_BUTTON_TITLE = "Uit het rapport"
MAX_RELATED_BUTTONS = 4
MAX_ALTERNATIVES = 2
UNSURE_LINE = "Niet wat je zocht? Misschien bedoel je een van de eerste knoppen hieronder."


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
    entry_id: str | None = None  # the entry shown, if the answer shows one
    view: EntryView | None = None  # its parts, for channels that lay them out themselves


def _payload(intent: str, entry: Entry) -> str:
    return f"/{intent}" + json.dumps({"entry": entry.id}, separators=(",", ":"))


def entry_button(entry: Entry) -> Button:
    """A button that opens ``entry``, whatever the NLU would make of its title."""
    return Button(title=entry.title, payload=_payload(SHOW_ENTRY_INTENT, entry))


def background_button(entry: Entry) -> Button:
    """A button that shows what the report itself says for ``entry``."""
    return Button(title=BACKGROUND_BUTTON_TITLE, payload=_payload(SHOW_BACKGROUND_INTENT, entry))


def feedback_buttons(entry_id: str) -> tuple[Button, ...]:
    """👍 and 👎 for an answer: ``/feedback{"entry":"<id>","rating":"up"|"down"}``. For
    channels that show answers as text with buttons (REST); Teams cards and the web chat
    draw their own with the same payload."""
    return tuple(
        Button(
            title=title,
            payload=f"/{FEEDBACK_INTENT}"
            + json.dumps({"entry": entry_id, "rating": rating}, separators=(",", ":")),
        )
        for rating, title in FEEDBACK_TITLES.items()
    )


def _section(heading: str, lines: list[str]) -> str:
    return "\n".join([heading, *lines])


@dataclass(frozen=True)
class EntryView:
    """The parts of an entry's answer, for channels that lay them out themselves (Teams
    cards, web chat); :attr:`text` is the same answer as Markdown-light text."""

    entry: str
    title: str
    summary: str
    source: str
    note: str | None = None
    steps: tuple[str, ...] = ()
    checklist: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()
    unsure: str | None = None

    @property
    def text(self) -> str:
        heading = f"**{self.title}**" + (f"\n_{self.note}_" if self.note else "")
        parts = [f"{heading}\n{self.summary}"]
        if self.steps:
            parts.append(_section("Stappen:", [f"{n}. {s}" for n, s in enumerate(self.steps, 1)]))
        if self.checklist:
            parts.append(_section("Checklist:", [f"- {item}" for item in self.checklist]))
        if self.examples:
            parts.append(_section("Voorbeeldzinnen:", [f"- {e}" for e in self.examples]))
        if self.caveats:
            parts.append(_section("Let op:", [f"- {caveat}" for caveat in self.caveats]))
        parts.append(self.source)
        if self.unsure:
            parts.append(f"_{self.unsure}_")
        return "\n\n".join(parts)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready (lists for tuples), as sent to channels with the message."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


def role_note(entry: Entry, role: str | None, perspective: str | None = None) -> str | None:
    """For an entry the report gives per role, which role it is shown for: the role whose
    side was asked for (``perspective``), else the asker's own ``role`` — only when
    ``entry`` is that role's variant."""
    if perspective and entry.role_variants.get(perspective) == entry.id:
        return f"Vanuit de rol van {ROLE_LABELS.get(perspective, perspective)}."
    if role and entry.role_variants.get(role) == entry.id:
        return f"Voor jou als {ROLE_LABELS.get(role, role)}."
    return None


def entry_view(
    entry: Entry, role: str | None = None, unsure: bool = False, perspective: str | None = None
) -> EntryView:
    """The parts of ``entry``'s answer; for an entry the report gives per role, a note for
    which role it is shown (:func:`role_note`)."""
    note = role_note(entry, role, perspective)
    if entry.is_local:  # the organisation's own guidance, visibly not the report's
        note = LOCAL_MARKER if note is None else f"{LOCAL_MARKER} {note}"
    return EntryView(
        entry=entry.id,
        title=entry.title,
        summary=entry.summary,
        source=entry.source_line,
        note=note,
        steps=entry.steps,
        checklist=entry.checklist,
        examples=entry.examples,
        caveats=entry.caveats,
        unsure=UNSURE_LINE if unsure else None,
    )


def render_entry(
    entry: Entry,
    knowledge: KnowledgeBase,
    role: str | None = None,
    alternatives: Sequence[Entry] = (),
    perspective: str | None = None,
) -> Answer:
    """Render one entry with buttons for its related entries; for an entry the report gives
    per role, say for which role it is shown (``role`` the asker's, ``perspective`` the one
    whose side was asked for). ``alternatives``: when the assistant was not sure this is
    the entry meant, the next candidates, offered first."""
    others = [e for e in alternatives if e.id != entry.id][:MAX_ALTERNATIVES]
    view = entry_view(entry, role, unsure=bool(others), perspective=perspective)
    related = [knowledge[r] for r in entry.related if r in knowledge and knowledge[r] not in others]
    shown = [*others, *related][: MAX_RELATED_BUTTONS + len(others)]
    buttons = [entry_button(e) for e in shown] + [background_button(entry)]
    return Answer(text=view.text, buttons=tuple(buttons), entry_id=entry.id, view=view)


def render_background(entry: Entry) -> Answer:
    """Background on request: the report's own words for ``entry``, with the studies it
    cites; for a local entry the words of the organisation's documents."""
    if entry.is_local:
        parts = [f"**Uit de eigen documenten: {entry.title}**", f"_{LOCAL_MARKER}_"]
        for local in entry.local_sources:
            quotes = "\n".join(f"> “{' '.join(q.split())}”" for q in local.quotes)
            parts.append(f"{local.label}:\n{quotes}")
        parts.append(entry.source_line)
        return Answer(text="\n\n".join(parts), buttons=(entry_button(entry),))
    parts = [f"**Uit het rapport: {entry.title}**"]
    for source in entry.sources:
        quotes = "\n".join(f"> “{' '.join(q.split())}”" for q in source.quotes)
        parts.append(f"{source.section_label}, {source.page_range}:\n{quotes}")
    studies = list(dict.fromkeys(c for s in entry.sources for c in s.cites))
    if studies:
        parts.append("Onderzoek waar het rapport zich hier op baseert: " + "; ".join(studies) + ".")
    parts.append(entry.source_line)
    return Answer(text="\n\n".join(parts), buttons=(entry_button(entry),))


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


def _browse_button(title: str, **entities: str) -> Button:
    return Button(title=title, payload=f"/{BROWSE_INTENT}" + json.dumps(entities))


def render_topics(knowledge: KnowledgeBase) -> Answer:
    """The top menu: the phases of the cycle, and the appendix."""
    buttons = [
        _browse_button(f"{label} ({len(knowledge.in_phase(phase))})", phase=phase)
        for phase, label in PHASES.items()
    ]
    buttons.append(_browse_button("Duidingsinstrument (bijlage)", section="bijlage"))
    text = (
        f"Ik ken {len(knowledge)} onderwerpen uit het rapport. Kies een fase van de cyclus "
        "(vredestijd, crisis, nazorg), of het duidingsinstrument uit de bijlage."
    )
    return Answer(text=text, buttons=tuple(buttons))


def render_phase_menu(
    phase: str, knowledge: KnowledgeBase, sections: tuple[Section, ...]
) -> Answer:
    """The parts of the report that have entries for ``phase``."""
    in_phase = {e.id for e in knowledge.in_phase(phase)}
    buttons = []
    for section in sections:
        count = sum(e.id in in_phase for e in knowledge.in_section(section.id))
        if count:
            label = f"§{section.id} " if section.id[0].isdigit() else ""
            title = f"{label}{section.title} ({count})"
            buttons.append(_browse_button(title, phase=phase, section=section.id))
    text = f"{PHASES.get(phase, phase)}: kies een deel van het rapport."
    return Answer(text=text, buttons=tuple(buttons))


def render_section(section: Section, knowledge: KnowledgeBase, phase: str | None = None) -> Answer:
    """The entries of one part of the report (within ``phase`` when given)."""
    entries = [e for e in knowledge.in_section(section.id) if not phase or phase in e.phases]
    label = f"§{section.id} " if section.id[0].isdigit() else ""
    text = f"{label}{section.title}: kies een onderwerp."
    return Answer(text=text, buttons=tuple(entry_button(e) for e in entries))
