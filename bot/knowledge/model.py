"""Typed, immutable view of knowledge entries (see ``knowledge/schema.json``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

CITATION = "Greijdanus e.a. (2023)"


@dataclass(frozen=True)
class Source:
    """Where in the report an entry comes from."""

    section: str
    pages: tuple[int, int]
    quotes: tuple[str, ...]
    table: str | None = None
    figure: str | None = None
    cites: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Source:
        first, last = data["pages"]
        return cls(
            section=data["section"],
            pages=(first, last),
            quotes=tuple(data["quotes"]),
            table=data.get("table"),
            figure=data.get("figure"),
            cites=tuple(data.get("cites", ())),
        )

    @property
    def reference(self) -> str:
        """``§4.2, p. 37–41`` with ``, Tabel 2`` / ``, Figuur 1`` appended where given."""
        section = self.section if self.section[0].isdigit() else self.section.capitalize()
        first, last = self.pages
        pages = f"p. {first}" if first == last else f"p. {first}–{last}"
        parts = [f"§{section}", pages]
        parts += [label for label in (self.table, self.figure) if label]
        return ", ".join(parts)


@dataclass(frozen=True)
class Entry:
    """One curated answer."""

    id: str
    title: str
    phases: tuple[str, ...]
    roles: tuple[str, ...]
    summary: str
    sources: tuple[Source, ...]
    steps: tuple[str, ...] = ()
    checklist: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()
    related: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entry:
        def strings(key: str) -> tuple[str, ...]:
            return tuple(data.get(key, ()))

        return cls(
            id=data["id"],
            title=data["title"],
            phases=strings("phases"),
            roles=strings("roles"),
            summary=" ".join(data["summary"].split()),
            sources=tuple(Source.from_dict(s) for s in data["sources"]),
            steps=strings("steps"),
            checklist=strings("checklist"),
            examples=strings("examples"),
            caveats=strings("caveats"),
            related=strings("related"),
        )

    @property
    def source_line(self) -> str:
        """The one line every answer ends with, e.g.
        ``Bron: Greijdanus e.a. (2023), §4.2, p. 37–41; §4.3, p. 42–45``."""
        return f"Bron: {CITATION}, " + "; ".join(s.reference for s in self.sources)


@dataclass(frozen=True)
class KnowledgeBase:
    """All entries, by id, in a stable order."""

    entries: Mapping[str, Entry] = field(default_factory=dict)

    def __getitem__(self, entry_id: str) -> Entry:
        return self.entries[entry_id]

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str | None) -> Entry | None:
        return self.entries.get(entry_id) if entry_id else None
