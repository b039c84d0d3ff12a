"""Typed, immutable view of knowledge entries (see ``knowledge/schema.json``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

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
    def page_range(self) -> str:
        """``p. 37–41``, or ``p. 11`` for a single page."""
        first, last = self.pages
        return f"p. {first}" if first == last else f"p. {first}–{last}"

    @property
    def section_label(self) -> str:
        """``§4.2``; named sections read ``§Conclusies`` and ``§Bijlage``."""
        return "§" + (self.section if self.section[0].isdigit() else self.section.capitalize())


@dataclass(frozen=True)
class LocalSource:
    """A document of the organisation that a local entry comes from (bot/knowledge/local.py)."""

    document: str
    quotes: tuple[str, ...]
    version: str | None = None
    section: str | None = None
    pages: tuple[int, int] | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LocalSource:
        pages = data.get("pages")
        return cls(
            document=data["document"],
            quotes=tuple(data["quotes"]),
            version=data.get("version"),
            section=data.get("section"),
            pages=(pages[0], pages[1]) if pages else None,
        )

    @property
    def label(self) -> str:
        """``Protocol online geweld gemeente X, versie 3 (2026), §2, p. 4``."""
        parts = [self.document]
        if self.version:
            parts.append(f"versie {self.version}")
        if self.section:
            parts.append(self.section)
        if self.pages:
            first, last = self.pages
            parts.append(f"p. {first}" if first == last else f"p. {first}–{last}")
        return ", ".join(parts)


LOCAL_MARKER = "📍 Lokale afspraak van je organisatie, niet uit het rapport."


@dataclass(frozen=True)
class Section:
    """A part of the report, for browsing: id as in the ToC, its chapter, a short name."""

    id: str
    chapter: str
    title: str


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
    role_variants: Mapping[str, str] = field(default_factory=dict)
    online: str | None = None
    # A local entry (the organisation's own, bot/knowledge/local.py) has these instead of
    # the report's ``sources``.
    local_sources: tuple[LocalSource, ...] = ()

    @property
    def is_local(self) -> bool:
        return bool(self.local_sources)

    @classmethod
    def from_local_dict(cls, data: Mapping[str, Any]) -> Entry:
        """A local entry, checked by :func:`bot.knowledge.local.check_folder`."""
        report_shaped = {**data, "sources": []}
        entry = cls.from_dict(report_shaped)
        return replace(
            entry, local_sources=tuple(LocalSource.from_dict(s) for s in data["sources"])
        )

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
            role_variants=dict(data.get("role_variants", {})),
            online=data.get("online"),
        )

    @property
    def source_line(self) -> str:
        """The one line every answer ends with, one part per section in source order,
        e.g. ``Bron: Greijdanus e.a. (2023), §3.2, p. 18–28, Tabel 2; §1, p. 4–8``; for a
        local entry its documents: ``Bron: Protocol online geweld gemeente X, versie 3
        (2026), §2``."""
        if self.local_sources:
            return "Bron: " + "; ".join(s.label for s in self.local_sources)
        return source_line(self.sources)


def source_line(sources: Iterable[Source]) -> str:
    """``Bron: …`` for ``sources``: one part per section, in order, tables and figures added."""
    parts: dict[str, list[str]] = {}
    for source in sources:
        part = parts.setdefault(source.section_label, [source.page_range])
        for label in (source.table, source.figure):
            if label and label not in part:
                part.append(label)
    references = [", ".join([section, *rest]) for section, rest in parts.items()]
    return f"Bron: {CITATION}, " + "; ".join(references)


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

    def for_role(self, entry: Entry, role: str | None) -> Entry:
        """The variant of ``entry`` the report gives for ``role`` (e.g. a row of Tabel 2)."""
        variant = entry.role_variants.get(role or "")
        return self.entries.get(variant, entry) if variant else entry

    def for_asker(self, entry: Entry, asker: str | None, others: Iterable[str] = ()) -> Entry:
        """The variant of ``entry`` for the one who asks: their own role's variant when it is
        known; otherwise, when the question names another party (``others``: "de politie
        wil namen van mij"), the one variant that is not that party's, where there is
        exactly one. Without either, ``entry`` itself."""
        if asker:
            return self.for_role(entry, asker)
        variants = entry.role_variants
        named = {variants[role] for role in others if role in variants}
        rest = {variant for variant in variants.values() if variant not in named}
        if named and len(rest) == 1:
            return self.entries.get(rest.pop(), entry)
        return entry

    def in_phase(self, phase: str) -> list[Entry]:
        return [e for e in self if phase in e.phases]

    def in_section(self, section: str) -> list[Entry]:
        """Entries whose first (main) source is ``section``."""
        return [e for e in self if e.sources and e.sources[0].section == section]
