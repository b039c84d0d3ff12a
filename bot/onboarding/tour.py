"""The tour for new colleagues: steps from ``knowledge/tour.yml``, rendered for a role.

Each step is one screen: a title, a short text (plus the report's variation for the
asker's role, where the tour has one), its ``Bron:`` line, and the buttons *Volgende*,
*Meer hierover* (the step's entry in full) and *Stoppen*.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.knowledge import KnowledgeBase, KnowledgeError
from bot.knowledge.loader import KNOWLEDGE_DIR, validated_yaml
from bot.knowledge.model import CITATION
from bot.render import Button

ROLES = {"jongerenwerker": "Jongerenwerker", "politie": "Politie", "gemeente": "Gemeente"}
NEXT = Button("Volgende", "/next_step")
MORE = Button("Meer hierover", "/tour_more")
STOP = Button("Stoppen", "/stop")
QUIZ = Button("Doe de quiz", "/start_quiz")
START = Button("Rondleiding voor nieuwe collega's", "/start_tour")
RESUME = Button("Verder met de rondleiding", "/resume_tour")
ANY_ROLE = "anders"


@dataclass(frozen=True)
class TourSource:
    section: str
    pages: tuple[int, int]
    table: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TourSource:
        first, last = data["pages"]
        return cls(data["section"], (first, last), data.get("table"))

    @property
    def label(self) -> str:
        """``§3.2, p. 18–28, Tabel 2``."""
        section = "§" + (self.section if self.section[0].isdigit() else self.section.capitalize())
        first, last = self.pages
        pages = f"p. {first}" if first == last else f"p. {first}–{last}"
        return ", ".join(filter(None, [section, pages, self.table]))


def source_line(sources: Sequence[TourSource]) -> str:
    """One ``Bron:`` line for a step, as answers have: sources in order, each section once
    (with its table, where one of its mentions names one)."""
    merged: dict[str, TourSource] = {}
    for source in sources:
        if source.section not in merged or source.table:
            merged[source.section] = source
    return f"Bron: {CITATION}, " + "; ".join(s.label for s in merged.values())


@dataclass(frozen=True)
class Variant:
    """The report's variation of a step for one role."""

    text: str
    entry: str
    sources: tuple[TourSource, ...]


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    phase: str
    text: str
    entry: str
    sources: tuple[TourSource, ...]
    roles: Mapping[str, Variant] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Step:
        def sources(items: Sequence[Mapping[str, Any]]) -> tuple[TourSource, ...]:
            return tuple(TourSource.from_dict(s) for s in items)

        roles = {
            role: Variant(v["text"], v["entry"], sources(v["sources"]))
            for role, v in (data.get("roles") or {}).items()
        }
        return cls(
            id=data["id"],
            title=data["title"],
            phase=data["phase"],
            text=data["text"],
            entry=data["entry"],
            sources=sources(data["sources"]),
            roles=roles,
        )


@dataclass(frozen=True)
class StepView:
    """A step as shown to one asker: its text and buttons, and the entry *Meer hierover*
    opens."""

    number: int  # from 1
    total: int
    text: str
    entry: str
    buttons: tuple[Button, ...]


class Tour:
    """The steps in order."""

    def __init__(self, steps: Sequence[Step]) -> None:
        self.steps = tuple(steps)

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def view(self, index: int, role: str | None = None) -> StepView:
        """Step ``index`` (from 0) for ``role``: the step's text, then the role's variation
        where there is one; its source line; Volgende (or the quiz after the last step),
        Meer hierover, Stoppen."""
        step = self.steps[index]
        variant = step.roles.get(role or "")
        heading = f"**Rondleiding {index + 1}/{len(self)}: {step.title}**"
        parts = [heading, step.text]
        sources = list(step.sources)
        if variant:
            parts.append(f"_{variant.text}_")
            sources += variant.sources
        parts.append(source_line(sources))
        last = index == len(self) - 1
        buttons = (QUIZ if last else NEXT, MORE, STOP)
        return StepView(
            number=index + 1,
            total=len(self),
            text="\n\n".join(parts),
            entry=variant.entry if variant else step.entry,
            buttons=buttons,
        )


def role_question() -> tuple[str, tuple[Button, ...]]:
    """Asked at the start of the tour when the role is not known: role buttons."""
    buttons = tuple(
        Button(label, "/start_tour" + json.dumps({"role": role}, separators=(",", ":")))
        for role, label in ROLES.items()
    )
    other = Button("Iets anders", "/start_tour" + json.dumps({"role": ANY_ROLE}))
    text = (
        "Welkom! In een paar korte stappen laat ik je de kern van het rapport van Greijdanus "
        "e.a. (2023) zien. Voor welke rol wil je de rondleiding? Dan laat ik je ook zien wat "
        "het rapport speciaal voor jouw rol zegt."
    )
    return text, (*buttons, other)


def load_tour(directory: Path = KNOWLEDGE_DIR, knowledge: KnowledgeBase | None = None) -> Tour:
    """Load and validate ``tour.yml`` (schema, unique ids; given the knowledge base, that
    every entry exists). Raises :class:`KnowledgeError` listing every problem."""
    data = validated_yaml(directory, "tour.yml", "tour.schema.json")
    ids = [s["id"] for s in data["steps"]]
    problems = [f"tour.yml: step '{i}': duplicate id" for i in set(ids) if ids.count(i) > 1]
    if knowledge is not None:
        for step in data["steps"]:
            entries = [step["entry"]] + [v["entry"] for v in (step.get("roles") or {}).values()]
            problems += [
                f"tour.yml: step '{step['id']}': '{e}' is not an entry"
                for e in entries
                if e not in knowledge
            ]
    if problems:
        raise KnowledgeError(problems)
    return Tour([Step.from_dict(s) for s in data["steps"]])


@lru_cache(maxsize=1)
def default_tour() -> Tour:
    """The project's tour, loaded and validated once per process."""
    from bot.knowledge.loader import default_knowledge

    return load_tour(knowledge=default_knowledge())
