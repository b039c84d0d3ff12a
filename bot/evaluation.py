"""Measure how well a trained model finds the right answer on a held-out set.

A message counts as right when the label the assistant acts on is the expected one: the
intent, or for knowledge questions the entry (``knowledge/<id>``) the ResponseSelector
picked. A message that ends in ``nlu_fallback`` counts as wrong (the assistant asks
instead of answering), and is reported separately.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasa.shared.nlu.training_data.loading import load_data

FALLBACK = "nlu_fallback"
RETRIEVAL_INTENT = "knowledge"


@dataclass(frozen=True)
class Example:
    text: str
    expected: str


@dataclass
class Result:
    """Predictions for a held-out set, with the measures derived from them."""

    predictions: list[tuple[Example, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.predictions)

    @property
    def accuracy(self) -> float:
        return sum(e.expected == p for e, p in self.predictions) / max(self.total, 1)

    @property
    def fallback_rate(self) -> float:
        return sum(p == FALLBACK for _, p in self.predictions) / max(self.total, 1)

    def recall(self, label: str) -> float:
        relevant = [p for e, p in self.predictions if e.expected == label]
        return sum(p == label for p in relevant) / max(len(relevant), 1)

    def false_alarms(self, label: str) -> int:
        return sum(p == label and e.expected != label for e, p in self.predictions)

    def errors(self) -> list[tuple[Example, str]]:
        return [(e, p) for e, p in self.predictions if e.expected != p]

    def confusions(self) -> Counter[tuple[str, str]]:
        return Counter((e.expected, p) for e, p in self.errors())


def load_examples(path: Path) -> list[Example]:
    """Read a Rasa NLU file; retrieval intents keep their full ``knowledge/<id>`` name."""
    data = load_data(str(path))
    return [Example(m.get("text"), m.get_full_intent()) for m in data.intent_examples]


def label_of(parse: dict[str, Any]) -> str:
    """The label the assistant acts on for one parse result."""
    intent = (parse.get("intent") or {}).get("name") or FALLBACK
    if intent != RETRIEVAL_INTENT:
        return intent
    selector = (parse.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}
    return (selector.get("response") or {}).get("intent_response_key") or RETRIEVAL_INTENT


def evaluate(model: Path, examples: list[Example]) -> Result:
    """Parse every example with the trained model at ``model``."""
    from rasa.core.agent import Agent  # heavy import (TensorFlow): only when evaluating

    agent = Agent.load(str(model))

    async def parse_all() -> list[dict[str, Any]]:
        return [await agent.parse_message(e.text) for e in examples]

    parses = asyncio.run(parse_all())
    return Result([(e, label_of(p)) for e, p in zip(examples, parses, strict=True)])
