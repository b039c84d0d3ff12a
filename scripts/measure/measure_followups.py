"""Two-turn follow-ups on the real servers: is the follow-up answered with the right entry?

    .venv/bin/python scripts/measure/measure_followups.py [tests/followups/heldout.yml] [--model …]

Each item of the set (``followups:`` with ``first``, ``first_entry``, ``followup``,
``expected``, ``kind``) is one new conversation over REST, as a user types it: the first
question, then the follow-up. The follow-up counts as right when its reply is the knowledge
answer of the expected entry (its title line). The first turn is reported too, since a
wrong first answer takes its follow-up with it. Writes nothing; prints the figures and every
miss. Importable: :func:`measure` returns a :class:`FollowUpCounts`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.loader import load_knowledge
from tests.servers import Servers, running  # both servers, as `make run`

ROOT = Path(__file__).resolve().parents[2]

SET = ROOT / "tests" / "followups" / "heldout.yml"
MODEL = ROOT / "models" / "wegwijzer.tar.gz"


@dataclass(frozen=True)
class Item:
    first: str
    first_entry: str
    followup: str
    expected: str
    kind: str


@dataclass
class FollowUpCounts:
    total: int = 0
    first_right: int = 0
    right: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    right_by_kind: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / max(self.total, 1)

    def report(self) -> str:
        lines = [
            f"follow-ups answered with the expected entry: {self.right}/{self.total} "
            f"({self.accuracy:.0%}); first turn right: {self.first_right}/{self.total}",
        ]
        for kind in sorted(self.by_kind):
            lines.append(f"  {kind}: {self.right_by_kind[kind]}/{self.by_kind[kind]}")
        lines += ["  misses:", *[f"    - {m}" for m in self.misses]] if self.misses else []
        return "\n".join(lines)


def load_items(path: Path = SET) -> list[Item]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Item(**item) for item in data["followups"]]


def answered_entry(replies: list[dict[str, Any]], titles: dict[str, str]) -> str | None:
    """The entry whose knowledge answer is among ``replies`` (its bold title line)."""
    for reply in replies:
        first = (reply.get("text") or "").splitlines()[:1]
        if first and first[0] in titles:
            return titles[first[0]]
    return None


def measure(servers: Servers, items: list[Item], prefix: str = "followup") -> FollowUpCounts:
    """Each item as a new conversation (sender ``<prefix>-<n>``) on ``servers``."""
    titles = {f"**{e.title}**": e.id for e in load_knowledge()}
    counts = FollowUpCounts()
    for number, item in enumerate(items):
        sender = f"{prefix}-{number}"
        first = answered_entry(servers.say(sender, item.first), titles)
        got = answered_entry(servers.say(sender, item.followup), titles)
        counts.total += 1
        counts.by_kind[item.kind] += 1
        counts.first_right += first == item.first_entry
        if got == item.expected:
            counts.right += 1
            counts.right_by_kind[item.kind] += 1
        else:
            counts.misses.append(
                f"[{item.kind}] {item.first!r} ({first}) → {item.followup!r}: "
                f"got {got}, expected {item.expected}"
            )
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set", nargs="?", type=Path, default=SET)
    parser.add_argument("--model", type=Path, default=MODEL)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir, running(args.model, Path(workdir)) as servers:
        print(measure(servers, load_items(args.set)).report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
