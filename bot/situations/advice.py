"""Advice lines for the guided situations, each taken from a knowledge entry with its source.

The flows say nothing of their own: every piece of advice is a line (summary or checklist
item) of a curated entry, and every line carries where in the report it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.knowledge import Entry, KnowledgeBase
from bot.knowledge.model import CITATION


def short_source(entry: Entry) -> str:
    """``§1.1, p. 7–8; §1, p. 4–8``: the entry's sections and pages, without the citation."""
    parts: dict[str, str] = {}
    for source in entry.sources:
        parts.setdefault(source.section_label, source.page_range)
    return "; ".join(f"{section}, {pages}" for section, pages in parts.items())


def source_line(entries: Iterable[Entry]) -> str:
    """One ``Bron:`` line for several entries, sections in first-seen order."""
    parts: dict[str, str] = {}
    for entry in entries:
        for source in entry.sources:
            parts.setdefault(source.section_label, source.page_range)
    references = "; ".join(f"{section}, {pages}" for section, pages in parts.items())
    return f"Bron: {CITATION}, {references}"


def line_of(entry: Entry, start: str) -> str:
    """The checklist item of ``entry`` that starts with ``start`` (or its summary for
    ``start == ""``). Raises ``KeyError`` when the entry no longer has it, so a changed
    entry breaks a unit test, not a conversation."""
    if not start:
        return entry.summary
    for item in entry.checklist:
        if item.startswith(start):
            return item
    raise KeyError(f"{entry.id}: no checklist item starting with {start!r}")


@dataclass(frozen=True)
class Advice:
    """One piece of advice: a line of an entry (``start`` picks the checklist item; empty
    means the summary)."""

    entry: str
    start: str = ""

    def render(self, knowledge: KnowledgeBase, with_source: bool = True) -> str:
        entry = knowledge[self.entry]
        line = f"- {line_of(entry, self.start)}"
        return f"{line} _({short_source(entry)})_" if with_source else line


def render_advice(
    advice: Sequence[Advice], knowledge: KnowledgeBase, with_source: bool = True
) -> list[str]:
    """The advice as Markdown list lines, duplicates dropped; each with its sections and
    pages unless the screen has one source for all (then only its ``Bron:`` line)."""
    return list(dict.fromkeys(a.render(knowledge, with_source) for a in advice))


def entries_of(advice: Sequence[Advice], knowledge: KnowledgeBase) -> list[Entry]:
    """The entries the advice comes from, in order, once each."""
    return [knowledge[i] for i in dict.fromkeys(a.entry for a in advice)]
