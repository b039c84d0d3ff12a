"""The trained model on the held-out set (tests/nlu/), written apart from data/.

The figures are in docs/nlu-accuracy.md. The targets are ≥ 90% top-1, ≥ 97% top-3 and
≥ 90% of off-topic messages without a knowledge answer; the floors are the targets, so a
change that drops the model below any of them fails `make test`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu.evaluation import Result, evaluate, load_examples
from bot.safety import is_acute

pytestmark = pytest.mark.model

HELDOUT = Path(__file__).parents[1] / "nlu"
TOP1_FLOOR = 0.90  # the target; measured 92.2% (docs/nlu-accuracy.md)
TOP3_FLOOR = 0.97  # the target; measured 97.6%
OFF_TOPIC_FLOOR = 0.90  # the target; measured 100% of 45


PHONE = Path(__file__).parents[1] / "nlu_phone"
PHONE_TOP1_FLOOR = 0.88  # issue 18's target; measured 97.2% of 246 at first (docs/nlu-accuracy.md)
PHONE_TOP3_FLOOR = 0.95  # the target; measured 100%


EXPERTS = Path(__file__).parents[1] / "nlu_experts"
# Issue 20, "vraag het een collega" (tests/nlu_experts, written apart): measured once before
# any change 50/50 and 6/50 near-misses read as the request; after making the training
# examples name the question rather than only "een expert", 49/50 and 1/50 (docs/experts.md).
ASK_EXPERT_FLOOR = 0.90
ASK_EXPERT_FALSE_CEILING = 0.10


@pytest.fixture(scope="module")
def result(model_path: Path) -> Result:
    return evaluate(model_path, load_examples(HELDOUT))


@pytest.fixture(scope="module")
def phone(model_path: Path) -> Result:
    return evaluate(model_path, load_examples(PHONE))


def test_phone_typed_messages_floors(phone: Result) -> None:
    """Typos, no accents, shorthand, no punctuation (tests/nlu_phone, issue 18)."""
    assert phone.accuracy >= PHONE_TOP1_FLOOR, f"{phone.accuracy:.1%}; errors:\n{_errors(phone)}"
    assert phone.top3_accuracy >= PHONE_TOP3_FLOOR, f"{phone.top3_accuracy:.1%}"


def _errors(result: Result) -> str:
    return "\n".join(f"{e.expected} -> {p}: {e.text}" for e, p in result.errors())


def test_top1_floor(result: Result) -> None:
    assert result.accuracy >= TOP1_FLOOR, f"{result.accuracy:.1%}; errors:\n{_errors(result)}"


def test_top3_floor(result: Result) -> None:
    assert result.top3_accuracy >= TOP3_FLOOR, f"{result.top3_accuracy:.1%}"


def test_off_topic_gets_no_knowledge_answer(result: Result) -> None:
    assert result.off_topic_rejection >= OFF_TOPIC_FLOOR, f"{result.off_topic_rejection:.1%}"


def test_every_acute_message_gets_112_first(result: Result) -> None:
    """By the NLU's acute_danger intent, or else by the safety net in the actions."""
    missed = [
        e.text
        for e, p in result.predictions
        if e.expected == "acute_danger" and p.label != "acute_danger" and not is_acute(e.text)
    ]
    assert missed == []
    others = sum(e.expected != "acute_danger" for e, _ in result.predictions)
    # A false alarm answers with 112 and crisis guidance instead of the entry; the issue
    # allows ≤ 5% on look-alikes (tests/safety); on the held-out set we hold it to 1%.
    assert result.false_alarms("acute_danger") <= 0.01 * others


def test_asking_for_a_colleague_is_recognised_and_near_misses_are_not(model_path: Path) -> None:
    """Forwarding a question is offered on request, and not for questions that only mention
    colleagues, experts, sharing or sending (the preview would replace their answer)."""
    experts = evaluate(model_path, load_examples(EXPERTS))
    asked = [(e, p) for e, p in experts.predictions if e.expected == "ask_expert"]
    others = [(e, p) for e, p in experts.predictions if e.expected != "ask_expert"]
    recall = sum(p.label == "ask_expert" for _, p in asked) / len(asked)
    false = [e.text for e, p in others if p.label == "ask_expert"]
    assert recall >= ASK_EXPERT_FLOOR, f"{recall:.0%}"
    assert len(false) / len(others) <= ASK_EXPERT_FALSE_CEILING, false
