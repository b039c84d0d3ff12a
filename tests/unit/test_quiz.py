"""The quiz bank is grounded in the report, and rounds, answers and feedback work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.channels.commands import button_payload
from bot.knowledge import KnowledgeBase, KnowledgeError
from bot.knowledge.loader import KNOWLEDGE_DIR
from bot.knowledge.report import Report
from bot.onboarding.quiz import (
    Question,
    load_quiz,
    render_feedback,
    render_question,
    render_score,
    typed_choice,
)

BANK = load_quiz()
QUESTIONS = list(BANK)


def _ids(question: Question) -> str:
    return question.id


def test_the_bank_is_big_enough_and_mixed(knowledge: KnowledgeBase) -> None:
    load_quiz(knowledge=knowledge)  # every entry exists, every answer is an option
    assert len(BANK) >= 36
    types = {q.type for q in BANK}
    assert types == {"mc", "true_false"}
    phases = {phase for q in BANK for phase in knowledge[q.entry].phases}
    assert {"vredestijd", "crisis", "nazorg"} <= phases


@pytest.mark.parametrize("question", QUESTIONS, ids=_ids)
def test_every_answer_is_backed_by_a_verbatim_quote(question: Question, report: Report) -> None:
    assert len(question.source.quote) <= 250
    assert report.contains(question.source.quote), f"{question.id}: not verbatim in the report"


@pytest.mark.parametrize("question", QUESTIONS, ids=_ids)
def test_sections_and_pages_follow_the_toc(question: Question, report: Report) -> None:
    source = question.source
    assert source.section in report.sections, f"{question.id}: unknown section"
    assert source.pages == report.sections[source.section], question.id


@pytest.mark.parametrize("question", QUESTIONS, ids=_ids)
def test_answer_is_an_option_and_the_entry_exists(
    question: Question, knowledge: KnowledgeBase
) -> None:
    assert question.answer in question.options
    assert question.entry in knowledge
    cited = {s.section for s in knowledge[question.entry].sources}
    assert question.source.section in cited, f"{question.id}: its entry does not cite that section"


def test_options_are_distinct_buttons_channels_accept() -> None:
    for question in BANK:
        answer = render_question(question, 1, 5)
        assert len(answer.buttons) == len(question.options)
        for button in answer.buttons:
            assert button_payload(button.payload) == button.payload


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def test_a_broken_bank_is_reported_by_question(scratch: Path, knowledge: KnowledgeBase) -> None:
    file = scratch / "quiz.yml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    data["questions"][0]["answer"] = "Iets wat er niet staat"
    data["questions"][1]["entry"] = "bestaat-niet"
    data["questions"][2]["options"] = ["Ja", "Nee"]
    data["questions"][3]["id"] = data["questions"][4]["id"]
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        load_quiz(scratch, knowledge)
    text = "\n".join(error.value.problems)
    assert "questions[0]" in text and "answer is not one of the options" in text
    assert "'bestaat-niet' is not an entry" in text
    assert "duplicate id" in text
    data["questions"][5]["source"]["quote"] = "x" * 251
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="too long"):
        load_quiz(scratch, knowledge)


def test_a_round_is_five_questions_seeded_and_reproducible() -> None:
    first = BANK.draw("gebruiker-1:0")
    assert len(first) == len(set(first)) == 5
    assert BANK.draw("gebruiker-1:0") == first
    assert BANK.draw("gebruiker-1:1") != first


def test_typed_answers() -> None:
    mc = next(q for q in BANK if q.type == "mc" and len(q.options) == 3)
    assert typed_choice(mc, "b") == 2
    assert typed_choice(mc, "Antwoord C") == 3
    assert typed_choice(mc, "ik denk 1") == 1
    assert typed_choice(mc, mc.options[1]) == 2
    assert typed_choice(mc, "d") is None
    assert typed_choice(mc, "geen idee") is None
    tf = next(q for q in BANK if q.type == "true_false")
    assert typed_choice(tf, "waar") == 1
    assert typed_choice(tf, "niet waar") == 2
    assert typed_choice(tf, "onwaar!") == 2


def test_feedback_names_the_answer_explains_and_cites() -> None:
    question = BANK["wachten-24-uur"]
    right = render_feedback(question, question.correct_choice)
    assert right.startswith("✅ Goed!")
    wrong = render_feedback(question, 1)
    assert wrong.startswith("❌ Helaas. Het juiste antwoord is: 24 uur.")
    assert question.explanation in wrong
    assert "Uit het rapport: “Pontzer raadt aan" in wrong
    assert wrong.splitlines()[-1] == "Bron: Greijdanus e.a. (2023), §4.2, p. 37–41"


def test_the_score_leads_missed_questions_to_their_entries(knowledge: KnowledgeBase) -> None:
    missed = [BANK["dpia"], BANK["wachten-24-uur"]]
    score = render_score(3, 5, missed, knowledge)
    assert score.text.startswith("Je hebt 3 van de 5 vragen goed.")
    payloads = [b.payload for b in score.buttons]
    assert payloads[:2] == [
        '/show_entry{"entry":"informatiedeling-dpia-fg"}',
        '/show_entry{"entry":"wachten-met-reageren"}',
    ]
    assert "/start_quiz" in payloads
    assert render_score(5, 5, [], knowledge).text.endswith("Knap gedaan!")
