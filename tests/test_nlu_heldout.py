"""The trained model on the held-out set (tests/nlu/heldout.yml), written apart from data/.

The figures are in docs/nlu-evaluation.md; the floors here sit a little below them, so
that a change that makes the assistant clearly worse fails `make test`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluation import Result, evaluate, load_examples

pytestmark = pytest.mark.model

HELDOUT = Path(__file__).parent / "nlu" / "heldout.yml"
ACCURACY_FLOOR = 0.88


@pytest.fixture(scope="module")
def result(model_path: Path) -> Result:
    return evaluate(model_path, load_examples(HELDOUT))


def test_accuracy_floor(result: Result) -> None:
    wrong = "\n".join(f"{e.expected} -> {p}: {e.text}" for e, p in result.errors())
    assert result.accuracy >= ACCURACY_FLOOR, f"{result.accuracy:.1%}; errors:\n{wrong}"


def test_every_acute_message_is_caught(result: Result) -> None:
    assert result.recall("acute_danger") == 1.0
    assert result.false_alarms("acute_danger") == 0


def test_off_topic_gets_no_knowledge_answer(result: Result) -> None:
    answered = [
        (e.text, p)
        for e, p in result.predictions
        if e.expected == "out_of_scope" and p.startswith("knowledge/")
    ]
    assert answered == []
