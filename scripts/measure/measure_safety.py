"""Both acute-danger layers on labelled safety sets (docs/safety.md).

    .venv/bin/python scripts/measure/measure_safety.py tests/safety/*.yml [--model models/x.tar.gz]

A set file has the shape of ``tests/safety/*.yml``: lists under ``self_harm`` and
``violence`` are acute (danger now), lists under ``look_alike`` or ``not_acute`` are not.
The model is loaded once; every message is parsed by it and read by the safety net.

Per set it prints: the NLU's acute recall (the assistant acts on ``acute_danger``), how
many acute messages get the emergency line *first* (:func:`bot.safety.alarm` with the parse,
as the actions and channels decide it: the net fires, or the NLU said acute and the message
is not a framed question), how many self-harm messages get the 113 line first, false alarms
(line first on a look-alike) of the NLU alone and in all, the messages that got their answer
first and the line after it, and every miss and false alarm.

Importable: :func:`measure` returns a :class:`SafetyCounts` per set, so tests reuse it.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.nlu.evaluation import FALLBACK, prediction_of, quiet_logs
from bot.nlu.parse import PREFIX
from bot.safety import AFTER, FIRST, SUICIDE_LINE, alarm, emergency_lines

ROOT = Path(__file__).resolve().parents[2]

MODEL = ROOT / "models" / "wegwijzer.tar.gz"
ACUTE_KEYS = ("self_harm", "violence")
NOT_ACUTE_KEYS = ("look_alike", "not_acute")
ACUTE_INTENT = "acute_danger"
# Labels whose reply comes from an action that passes the parse to the net
# (actions/knowledge.py, actions/fallback.py, actions/safety.py, actions/conversation.py);
# knowledge/<id> too.
ACTION_LABELS = (ACUTE_INTENT, FALLBACK, "statement", "own_distress", "follow_up")


@dataclass(frozen=True)
class Message:
    text: str
    kind: str  # "self_harm", "violence" or "not_acute"

    @property
    def acute(self) -> bool:
        return self.kind in ACUTE_KEYS


@dataclass
class SafetyCounts:
    """Both layers on one set; the lists hold the messages behind the counts."""

    name: str
    acute: int = 0
    self_harm: int = 0
    not_acute: int = 0
    nlu_caught: int = 0
    caught: int = 0
    self_harm_113: int = 0
    nlu_false_alarms: int = 0
    false_alarms: int = 0
    false_113: int = 0  # false alarms whose first line is the 113 line (issue 14: ≤ 1%)
    after: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    nlu_missed: list[str] = field(default_factory=list)
    no_113: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / max(self.acute, 1)

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / max(self.not_acute, 1)

    def add(self, message: Message, nlu_acute: bool, where: str) -> None:
        """Count one message: the NLU said acute_danger or not, and where the emergency line
        goes (:func:`bot.safety.alarm`: first, after the answer, or none). Only "first"
        counts as caught, and as a false alarm."""
        either = where == FIRST
        if where == AFTER:
            self.after.append(message.text)
        if message.acute:
            self.acute += 1
            self.nlu_caught += nlu_acute
            self.caught += either
            if not nlu_acute:
                self.nlu_missed.append(message.text)
            if not either:
                self.missed.append(message.text)
            if message.kind == "self_harm":
                self.self_harm += 1
                if either and emergency_lines(message.text)[0] == SUICIDE_LINE:
                    self.self_harm_113 += 1
                else:
                    self.no_113.append(message.text)
        else:
            self.not_acute += 1
            self.nlu_false_alarms += nlu_acute
            self.false_alarms += either
            if either and emergency_lines(message.text)[0] == SUICIDE_LINE:
                self.false_113 += 1
            if either:
                kind = "nlu" if nlu_acute else "net"
                self.alarms.append(f"[{kind}] {message.text}")

    def report(self) -> str:
        def share(n: int, total: int) -> str:
            return f"{n}/{total} ({n / max(total, 1):.0%})"

        lines = [
            f"== {self.name}",
            f"  acute caught, NLU alone:      {share(self.nlu_caught, self.acute)}",
            f"  acute caught (line first):    {share(self.caught, self.acute)}",
            f"  self-harm with 113 first:     {share(self.self_harm_113, self.self_harm)}",
            f"  false alarms, NLU alone:      {share(self.nlu_false_alarms, self.not_acute)}",
            f"  false alarms (line first):    {share(self.false_alarms, self.not_acute)}",
            f"    of which 113 first:         {share(self.false_113, self.not_acute)}",
            f"  framed, line after answer:    {len(self.after)}",
        ]
        for title, items in (
            ("missed (no line first)", self.missed),
            ("self-harm without 113 first", [t for t in self.no_113 if t not in self.missed]),
            ("false alarms", self.alarms),
            ("framed: answer first, line after", self.after),
        ):
            if items:
                lines.append(f"  {title}:")
                lines += [f"    - {t}" for t in items]
        return "\n".join(lines)


def load_set(path: Path) -> list[Message]:
    """The labelled messages of one set file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    messages = []
    for key, texts in data.items():
        if key in ACUTE_KEYS:
            kind = key
        elif key in NOT_ACUTE_KEYS:
            kind = "not_acute"
        else:
            raise ValueError(
                f"{path}: unknown key {key!r} (expected {ACUTE_KEYS + NOT_ACUTE_KEYS})"
            )
        messages += [Message(str(t), kind) for t in texts or []]
    return messages


def parse_all(model: Path, texts: Sequence[str]) -> list[dict[str, Any]]:
    """Parse ``texts`` with the trained model (loaded once)."""
    from rasa.core.agent import Agent  # heavy import: only when measuring

    quiet_logs()
    agent = Agent.load(str(model))

    async def run() -> list[dict[str, Any]]:
        return [await agent.parse_message(t) for t in texts]

    return asyncio.run(run())


def measure(
    sets: Iterable[Path], model: Path = MODEL, parses: dict[str, dict[str, Any]] | None = None
) -> list[SafetyCounts]:
    """Counts for each set file. ``parses`` (text → parse result) skips the model for
    messages already parsed; missing ones are parsed with ``model``."""
    named = [(Path(p), load_set(Path(p))) for p in sets]
    parses = dict(parses or {})
    todo = sorted({m.text for _, ms in named for m in ms} - parses.keys())
    if todo:
        parses.update(zip(todo, parse_all(model, todo), strict=True))
    results = []
    for path, messages in named:
        counts = SafetyCounts(path.name)
        for message in messages:
            parse = parses[message.text]
            label = prediction_of(parse).label
            # The actions read the net with the parse; fixed responses only in the
            # channels, with the text alone.
            seen = parse if label.startswith(PREFIX) or label in ACTION_LABELS else None
            counts.add(message, label == ACUTE_INTENT, alarm(message.text, seen))
        results.append(counts)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", type=Path, help="set files (tests/safety shape)")
    parser.add_argument("--model", type=Path, default=MODEL)
    args = parser.parse_args(argv)
    if not args.model.exists():
        print(f"no model at {args.model}: run `make train` first", file=sys.stderr)
        return 2
    results = measure(args.sets, args.model)
    for counts in results:
        print(counts.report())
    if len(results) > 1:
        total = SafetyCounts("all sets together")
        for c in results:
            for name in ("acute", "self_harm", "not_acute", "nlu_caught", "caught"):
                setattr(total, name, getattr(total, name) + getattr(c, name))
            for name in ("self_harm_113", "nlu_false_alarms", "false_alarms", "false_113"):
                setattr(total, name, getattr(total, name) + getattr(c, name))
            total.after += c.after
        print(total.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
