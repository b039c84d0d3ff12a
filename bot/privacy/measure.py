"""Measure the redaction on the annotated test set in tests/privacy/.

Annotation: one message a line, every planted span written ``{TYPE:text}``; ``#`` starts a
comment line. A planted span counts as caught when every character of it lies inside a
redacted span (whatever placeholder type was used). A word (``\\w+`` run) outside the planted
spans counts as kept when no redacted span touches it.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.privacy.redact import LABELS, redact

ROOT = Path(__file__).resolve().parents[2]
PLANTED = ROOT / "tests" / "privacy" / "planted.txt"
HELDOUT = ROOT / "tests" / "privacy" / "heldout.txt"
CLEAN = ROOT / "tests" / "privacy" / "clean.txt"
_MARK = re.compile(r"\{(?P<label>[A-Z]+):(?P<text>[^{}]+)\}")


@dataclass(frozen=True)
class Message:
    """A message and its planted spans (offsets into ``text``)."""

    text: str
    planted: tuple[tuple[int, int, str], ...]


@dataclass
class Result:
    """Figures over a set of messages."""

    messages: int = 0
    planted: Counter[str] = field(default_factory=Counter)
    caught: Counter[str] = field(default_factory=Counter)
    words: int = 0
    words_kept: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)  # (label, planted text)
    lost_words: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def recall(self, label: str | None = None) -> float:
        planted = self.planted[label] if label else sum(self.planted.values())
        caught = self.caught[label] if label else sum(self.caught.values())
        return caught / planted if planted else 1.0

    @property
    def kept(self) -> float:
        return self.words_kept / self.words if self.words else 1.0


def parse(line: str) -> Message:
    """``"{NAAM:Mo} (16)"`` → Message("Mo (16)", ((0, 2, "NAAM"),))."""
    text: list[str] = []
    planted: list[tuple[int, int, str]] = []
    last = 0
    length = 0
    for m in _MARK.finditer(line):
        before = line[last : m.start()]
        text.append(before)
        length += len(before)
        label = m.group("label")
        if label not in LABELS:
            raise ValueError(f"unknown type {label!r} in: {line}")
        planted.append((length, length + len(m.group("text")), label))
        text.append(m.group("text"))
        length += len(m.group("text"))
        last = m.end()
    text.append(line[last:])
    joined = "".join(text)
    if "{" in joined or "}" in joined:
        raise ValueError(f"unbalanced annotation: {line}")
    return Message(joined, tuple(planted))


def load(path: Path) -> list[Message]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [parse(line) for line in lines if line.strip() and not line.startswith("#")]


def evaluate(
    messages: list[Message],
    spans_of: Callable[[str], Iterable[tuple[int, int]]] | None = None,
) -> Result:
    """The figures of :func:`bot.privacy.redact.redact` (timed without its cache) on
    ``messages``, or of another redactor: ``spans_of(text)`` gives the (start, end) of what
    it replaces (scripts/measure/compare_deduce.py)."""
    result = Result()
    for message in messages:
        if spans_of is None:
            started = time.perf_counter()
            redact.__wrapped__(message.text)  # timing without the cache
            result.seconds.append(time.perf_counter() - started)
            spans = [(s.start, s.end) for s in redact(message.text).spans]
        else:
            spans = list(spans_of(message.text))
        covered: set[int] = set()
        for start, end in spans:
            covered.update(range(start, end))
        result.messages += 1
        for start, end, label in message.planted:
            result.planted[label] += 1
            if all(i in covered for i in range(start, end)):
                result.caught[label] += 1
            else:
                result.missed.append((label, message.text[start:end]))
        inside: set[int] = set()
        for start, end, _ in message.planted:
            inside.update(range(start, end))
        for m in re.finditer(r"\w+", message.text):
            if any(i in inside for i in range(m.start(), m.end())):
                continue
            result.words += 1
            if any(i in covered for i in range(m.start(), m.end())):
                result.lost_words.append(m.group())
            else:
                result.words_kept += 1
    return result


def measure() -> tuple[Result, Result, Result]:
    """Figures on the planted set, the held-out set and the clean set."""
    return evaluate(load(PLANTED)), evaluate(load(HELDOUT)), evaluate(load(CLEAN))
