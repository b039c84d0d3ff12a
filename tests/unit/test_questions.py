"""Several questions in one message (bot/nlu/questions.py)."""

from __future__ import annotations

from bot.nlu.questions import question_spans


def test_two_questions_are_found_where_they_are() -> None:
    text = "hoe reageer ik op provocatie? en mag ik dit delen met de wijkagent?"
    spans = question_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "hoe reageer ik op provocatie?",
        "en mag ik dit delen met de wijkagent?",
    ]


def test_one_question_or_short_tails_are_not_several() -> None:
    assert question_spans("hoe reageer ik op provocatie?") == []
    assert question_spans("hoe reageer ik op provocatie? echt?") == []  # a tail, not a question
    assert question_spans("ik heb een vraag over drill. hoe werkt dat?") == []
    assert question_spans("") == []
