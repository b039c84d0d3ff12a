"""In Teams, quiz options and the tour's buttons are Adaptive Card buttons whose press
reaches the assistant as the answer it names."""

from __future__ import annotations

from jsonschema import Draft6Validator

from bot.channels.teams import incoming_text, reply_activity
from bot.onboarding.quiz import default_quiz, render_question
from bot.onboarding.tour import default_tour
from tests.unit.test_teams_cards import actions, assert_valid, card_validator, texts

__all__ = ["card_validator"]  # the fixture, shared with the card tests


def make_card(text: str, buttons: list[dict[str, str]]) -> dict:
    activity = {"id": "1", "from": {"id": "u"}, "recipient": {"id": "b"}, "conversation": {}}
    (attachment,) = reply_activity(activity, {"text": text, "buttons": buttons})["attachments"]
    return attachment["content"]


def test_quiz_options_are_card_buttons_whose_press_answers(card_validator: Draft6Validator) -> None:
    for question in default_quiz():
        answer = render_question(question, 2, 5)
        card = make_card(answer.text, [b.as_dict() for b in answer.buttons])
        assert_valid(card_validator, card)
        assert "Vraag 2 van 5" in " ".join(texts(card))
        submits = actions(card)
        assert [a["title"] for a in submits] == [b.title for b in answer.buttons]
        press = {"type": "message", "value": submits[question.correct_choice - 1]["data"]}
        expected = answer.buttons[question.correct_choice - 1].payload
        assert incoming_text(press) == expected


def test_tour_steps_are_cards_with_next_more_and_stop(card_validator: Draft6Validator) -> None:
    tour = default_tour()
    for index in range(len(tour)):
        view = tour.view(index, "politie")
        card = make_card(view.text, [b.as_dict() for b in view.buttons])
        assert_valid(card_validator, card)
        payloads = [incoming_text({"value": a["data"]}) for a in actions(card)]
        assert payloads[1:] == ["/tour_more", "/stop"]
