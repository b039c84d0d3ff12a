"""The report itself: its text and table of contents, for checking curated entries.

The report stays outside the project (``../shared/report/`` from the project root, see
DEVELOPERS.md); only tests and curation tools read it, never the running assistant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

REPORT_DIR = Path(__file__).resolve().parents[3] / "shared" / "report"
REPORT_TEXT = "interventies-online-aangejaagd-geweld-2023.txt"

_SPACE = re.compile(r"\s+")
_BREAK_HYPHEN = re.compile(r"-\s*\n\s*")
_WORD_BREAK_HYPHEN = re.compile(r"(\w)-[ \t]*\n\s*(\w)")


def normalise(text: str) -> str:
    """Fold every run of white space into one space."""
    return _SPACE.sub(" ", text).strip()


def readings(raw: str) -> tuple[str, str]:
    """A document's text as quotes are looked up in it: white space folded, and a hyphen at
    a line break both kept ("de-escalatie") and joined ("provoca-tie" → "provocatie")."""
    kept = normalise(_BREAK_HYPHEN.sub("-", raw))
    joined = normalise(_WORD_BREAK_HYPHEN.sub(r"\1\2", raw))
    return kept, joined


def quoted_in(texts: tuple[str, str], quote: str) -> bool:
    """True when ``quote`` occurs verbatim in one of a document's :func:`readings`."""
    wanted = normalise(quote)
    return any(wanted in text for text in texts)


@dataclass(frozen=True)
class Report:
    """Text and table of contents of Greijdanus e.a. (2023)."""

    directory: Path = REPORT_DIR

    @cached_property
    def _texts(self) -> tuple[str, str]:
        return readings((self.directory / REPORT_TEXT).read_text(encoding="utf-8"))

    def contains(self, quote: str) -> bool:
        """True when ``quote`` occurs verbatim, up to white space and line-break hyphens."""
        return quoted_in(self._texts, quote)

    def coverage(self, quotes: list[str]) -> float:
        """The share of the report's text that ``quotes`` reproduce (overlaps counted once)."""
        text = self._texts[0]
        covered = bytearray(len(text))
        for quote in quotes:
            wanted = normalise(quote)
            start = text.find(wanted)
            while start >= 0:
                covered[start : start + len(wanted)] = b"\x01" * len(wanted)
                start = text.find(wanted, start + 1)
        return sum(covered) / max(len(text), 1)

    @cached_property
    def toc(self) -> dict:
        return yaml.safe_load((self.directory / "toc.yml").read_text(encoding="utf-8"))

    @cached_property
    def sections(self) -> dict[str, tuple[int, int]]:
        """Section id → (first, last) printed page, as the table of contents gives them."""
        return {s["id"]: (s["pages"][0], s["pages"][1]) for s in self.toc["sections"]}

    @cached_property
    def tables(self) -> dict[str, str]:
        """Table id → the section it stands in."""
        return {t["id"]: t["section"] for t in self.toc["tables"]}

    @cached_property
    def figures(self) -> dict[str, str]:
        """Figure id → the section it stands in."""
        return {f["id"]: f["section"] for f in self.toc["figures"]}
