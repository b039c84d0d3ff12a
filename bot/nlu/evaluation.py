"""Measure how well a trained model finds the right answer on a held-out set.

A message counts as right (top-1) when the label the assistant acts on is the expected one:
the intent, or for knowledge questions the entry (``knowledge/<id>``) the classifier
picked. A message that ends in ``nlu_fallback`` counts as wrong (the assistant asks instead
of answering). Top-3: the expected entry is among the three the classifier ranks
highest (what the fallback offers as buttons); for other intents, among the top three
intents. Off-topic rejection: the share of ``out_of_scope`` messages that get no knowledge
answer.
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasa.shared.nlu.training_data.loading import load_data

from bot.nlu.parse import PREFIX, RETRIEVAL_INTENT, ranked_entries, selected_entry

FALLBACK = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Example:
    text: str
    expected: str


@dataclass(frozen=True)
class Prediction:
    """What the assistant acts on, and the three best candidates."""

    label: str
    top3: tuple[str, ...]


@dataclass
class Result:
    """Predictions for a held-out set, with the measures derived from them."""

    predictions: list[tuple[Example, Prediction]] = field(default_factory=list)

    def _share(self, pairs: Iterable[tuple[Example, Prediction]], hit: Any) -> float:
        pairs = list(pairs)
        return sum(bool(hit(e, p)) for e, p in pairs) / max(len(pairs), 1)

    @property
    def total(self) -> int:
        return len(self.predictions)

    @property
    def accuracy(self) -> float:
        return self._share(self.predictions, lambda e, p: e.expected == p.label)

    @property
    def top3_accuracy(self) -> float:
        return self._share(self.predictions, lambda e, p: e.expected in p.top3)

    @property
    def fallback_rate(self) -> float:
        return self._share(self.predictions, lambda e, p: p.label == FALLBACK)

    @property
    def off_topic_rejection(self) -> float:
        off_topic = [(e, p) for e, p in self.predictions if e.expected == OUT_OF_SCOPE]
        return self._share(off_topic, lambda e, p: not p.label.startswith(PREFIX))

    def recall(self, label: str) -> float:
        relevant = [(e, p) for e, p in self.predictions if e.expected == label]
        return self._share(relevant, lambda e, p: p.label == label)

    def false_alarms(self, label: str) -> int:
        return sum(p.label == label and e.expected != label for e, p in self.predictions)

    def errors(self) -> list[tuple[Example, str]]:
        return [(e, p.label) for e, p in self.predictions if e.expected != p.label]

    def confusions(self) -> Counter[tuple[str, str]]:
        return Counter((e.expected, p) for e, p in self.errors())

    def per_label(self) -> dict[str, tuple[int, int]]:
        """Expected label → (right, messages)."""
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for example, prediction in self.predictions:
            counts[example.expected][0] += example.expected == prediction.label
            counts[example.expected][1] += 1
        return {label: (right, total) for label, (right, total) in counts.items()}

    def by_group(self, group_of: Any) -> dict[str, Result]:
        """Split the knowledge predictions by ``group_of(entry_id)`` (e.g. the chapter)."""
        groups: dict[str, Result] = defaultdict(Result)
        for example, prediction in self.predictions:
            if example.expected.startswith(PREFIX):
                group = group_of(example.expected.removeprefix(PREFIX))
                groups[group].predictions.append((example, prediction))
        return dict(groups)


def load_examples(path: Path) -> list[Example]:
    """Read a Rasa NLU file, or every ``*.yml`` in a folder; retrieval intents keep their
    full ``knowledge/<id>`` name."""
    files = sorted(path.glob("*.yml")) if path.is_dir() else [path]
    examples = []
    for file in files:
        data = load_data(str(file))
        examples += [Example(m.get("text"), m.get_full_intent()) for m in data.intent_examples]
    return examples


def prediction_of(parse: dict[str, Any]) -> Prediction:
    """What the assistant acts on for one parse result, and the three best candidates."""
    intent = (parse.get("intent") or {}).get("name") or FALLBACK
    entries = [PREFIX + entry_id for entry_id, _ in ranked_entries(parse)]
    label = intent
    if intent == RETRIEVAL_INTENT and (chosen := selected_entry(parse)):
        label = PREFIX + chosen
    ranked_intents = [i.get("name") for i in parse.get("intent_ranking") or []]
    top3 = tuple(entries[:3]) + tuple(i for i in ranked_intents[:3] if i)
    return Prediction(label=label, top3=top3)


def quiet_logs() -> None:
    """Rasa logs every parse (with its text) at debug level: warnings only."""
    import logging

    import structlog

    logging.getLogger("rasa").setLevel(logging.WARNING)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def evaluate(model: Path, examples: list[Example]) -> Result:
    """Parse every example with the trained model at ``model`` (Rasa's logs quieted)."""
    from rasa.core.agent import Agent  # heavy import (TensorFlow): only when evaluating

    quiet_logs()
    agent = Agent.load(str(model))

    async def parse_all() -> list[dict[str, Any]]:
        return [await agent.parse_message(e.text) for e in examples]

    parses = asyncio.run(parse_all())
    return Result([(e, prediction_of(p)) for e, p in zip(examples, parses, strict=True)])
