"""The report's own questions for orientation (knowledge/orientation_questions.yml,
bot/knowledge/orientation.py): verbatim, answered by an entry of their own section, and
in the training data as generated."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bot.knowledge import KnowledgeBase
from bot.knowledge.orientation import TRAINING_FILE, load_questions, training_yaml
from bot.knowledge.report import Report

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = load_questions()
# The bullets of the summary sections that open with a question: 4 in §1.1, 5 in §2.1, 11 in
# §3.3, 4 in §4.3 and 3 in §5.3 (the other bullets are statements or numbered lists).
PER_SECTION = {"1.1": 4, "2.1": 5, "3.3": 11, "4.3": 4, "5.3": 3}


def test_every_summary_section_has_its_questions() -> None:
    assert Counter(q.section for q in QUESTIONS) == PER_SECTION
    assert len({q.question for q in QUESTIONS}) == len(QUESTIONS)


def test_each_question_is_the_reports_own_words(report: Report) -> None:
    assert [q.question for q in QUESTIONS if not report.contains(q.question)] == []
    assert all(q.question.endswith("?") for q in QUESTIONS)


def test_each_question_is_answered_from_its_own_section(knowledge: KnowledgeBase) -> None:
    for q in QUESTIONS:
        assert q.entry in knowledge, q
        assert any(s.section == q.section for s in knowledge[q.entry].sources), q


def test_the_training_data_is_current() -> None:
    written = (ROOT / TRAINING_FILE).read_text(encoding="utf-8")
    assert written == training_yaml(
        QUESTIONS
    ), "run .venv/bin/python scripts/generate/orientation_training.py"
