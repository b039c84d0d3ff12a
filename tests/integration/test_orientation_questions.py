"""Asked as the report asks them, every orientation question of the report (§1.1, §2.1,
§3.3, §4.3, §5.3; knowledge/orientation_questions.yml) is answered from an entry that cites
its own section, by the trained model (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from bot.knowledge.orientation import load_questions
from bot.nlu.evaluation import Example, evaluate

pytestmark = pytest.mark.model


def test_every_orientation_question_is_answered_from_its_section(
    model_path: Path, knowledge: KnowledgeBase
) -> None:
    questions = load_questions()
    examples = [Example(q.question, f"knowledge/{q.entry}") for q in questions]
    result = evaluate(model_path, examples)
    wrong = []
    for q, (_, prediction) in zip(questions, result.predictions, strict=True):
        entry = prediction.label.removeprefix("knowledge/")
        if entry not in knowledge or not any(
            s.section == q.section for s in knowledge[entry].sources
        ):
            wrong.append(f"§{q.section} {q.question} -> {prediction.label}")
    assert wrong == []
