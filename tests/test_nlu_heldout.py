"""The trained model on the held-out set (tests/nlu/), written apart from data/.

The figures are in docs/nlu-accuracy.md; the floors here are the targets the assistant
must keep, so that a change that makes it worse fails `make test`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluation import Result, evaluate, load_examples

pytestmark = pytest.mark.model

HELDOUT = Path(__file__).parent / "nlu"
TOP1_FLOOR = 0.90
TOP3_FLOOR = 0.97
OFF_TOPIC_FLOOR = 0.90


@pytest.fixture(scope="module")
def result(model_path: Path) -> Result:
    return evaluate(model_path, load_examples(HELDOUT))


def _errors(result: Result) -> str:
    return "\n".join(f"{e.expected} -> {p}: {e.text}" for e, p in result.errors())


def test_top1_floor(result: Result) -> None:
    assert result.accuracy >= TOP1_FLOOR, f"{result.accuracy:.1%}; errors:\n{_errors(result)}"


def test_top3_floor(result: Result) -> None:
    assert result.top3_accuracy >= TOP3_FLOOR, f"{result.top3_accuracy:.1%}"


def test_off_topic_gets_no_knowledge_answer(result: Result) -> None:
    assert result.off_topic_rejection >= OFF_TOPIC_FLOOR, f"{result.off_topic_rejection:.1%}"


def test_every_acute_message_is_caught(result: Result) -> None:
    assert result.recall("acute_danger") == 1.0
    assert result.false_alarms("acute_danger") == 0
