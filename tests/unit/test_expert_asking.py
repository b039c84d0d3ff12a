"""Which question goes to the experts, and the actions around it (actions/experts.py,
bot/experts/asking.py): the last typed question of the session, redacted in the preview,
never a button, a form's answer, a comment after 👎 or an acute message."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.experts import ActionAskExpert, ActionExpertCancel, ActionExpertSend
from bot.experts import asking
from bot.experts.settings import CHANNEL_VARIABLE, SERVICE_URL_VARIABLE, experts_offered


def user(text: str, intent: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def loop(name: str | None) -> dict[str, Any]:
    return {"event": "active_loop", "name": name}


QUESTION = user("hoe zit het met het convenant bij ons in de regio?", "out_of_scope")


@pytest.fixture
def experts_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CHANNEL_VARIABLE, "19:experts@thread.tacv2")
    monkeypatch.setenv(SERVICE_URL_VARIABLE, "https://smba.trafficmanager.net/emea/")


def test_the_last_typed_question_is_sent_not_buttons_or_small_talk() -> None:
    events = [
        user("wat zeg ik als ik word uitgedaagd?", "knowledge"),
        QUESTION,
        user('/feedback{"entry":"x","rating":"down"}', "feedback"),
        user("dank je", "thank"),
        user("vraag het een collega", "ask_expert"),
    ]
    assert asking.question_to_send(events) == QUESTION["text"]


def test_answers_inside_a_form_and_comments_after_a_thumbs_down_are_not_questions() -> None:
    events = [
        QUESTION,
        loop("feedback_form"),
        user("de stappen waren te algemeen", "knowledge"),
        loop(None),
        loop("sharing_form"),
        user("de wijkagent", "inform"),
        loop(None),
    ]
    assert asking.question_to_send(events) == QUESTION["text"]


def test_a_new_session_forgets_the_question_and_nothing_asked_gives_none() -> None:
    assert asking.question_to_send([QUESTION, {"event": "session_started"}]) is None
    assert asking.question_to_send([user("hoi", "greet")]) is None


def test_experts_are_on_only_with_both_the_channel_and_its_service_url(
    monkeypatch: pytest.MonkeyPatch, experts_on: None
) -> None:
    assert experts_offered()
    monkeypatch.setenv(SERVICE_URL_VARIABLE, " ")
    assert not experts_offered()


def tracker(*events: dict[str, Any], slots: dict[str, Any] | None = None) -> Tracker:
    return Tracker(
        sender_id="test",
        slots=slots or {},
        latest_message=events[-1] if events else {},
        events=list(events),
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action: Action, state: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, state, {}))
    return dispatcher.messages, events


def test_the_preview_shows_the_question_redacted_with_send_and_cancel(experts_on: None) -> None:
    planted = user("Mo (16) belde 06-12345678, hoe werkt het convenant bij ons?", "out_of_scope")
    messages, events = run(ActionAskExpert(), tracker(planted, user("/ask_expert", "ask_expert")))
    (message,) = messages
    assert "06-12345678" not in message["text"] and "Mo " not in message["text"]
    assert "[TELEFOON]" in message["text"] and "Versturen?" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/expert_send", "/deny"]
    (slot,) = events
    assert slot == SlotSet("expert_question", "[NAAM] (16) belde [TELEFOON], hoe werkt het "
                           "convenant bij ons?")  # fmt: skip


def test_without_a_question_or_without_experts_nothing_is_prepared(
    monkeypatch: pytest.MonkeyPatch, experts_on: None
) -> None:
    messages, events = run(ActionAskExpert(), tracker(user("vraag het een collega", "ask_expert")))
    assert messages[0]["text"] == asking.NO_QUESTION and events == [SlotSet("expert_question")]
    monkeypatch.delenv(CHANNEL_VARIABLE)
    messages, _ = run(ActionAskExpert(), tracker(QUESTION, user("/ask_expert", "ask_expert")))
    assert messages[0]["text"] == asking.NOT_OFFERED


def test_an_acute_question_is_not_sent_on(experts_on: None) -> None:
    danger = user("ze staan nu voor de deur met een mes, wat moet ik doen", "knowledge")
    messages, events = run(ActionAskExpert(), tracker(danger, user("/ask_expert", "ask_expert")))
    assert messages[0]["text"] == asking.DANGER and "112" in messages[0]["text"]
    assert events == [SlotSet("expert_question")]


def test_send_hands_the_prepared_question_to_the_channel_once(experts_on: None) -> None:
    prepared = tracker(user("/expert_send", "expert_send"), slots={"expert_question": "Wie?"})
    messages, events = run(ActionExpertSend(), prepared)
    assert messages == [{**messages[0], "custom": {"expert_question": "Wie?"}}] and not messages[
        0
    ].get("text")
    assert events == [SlotSet("expert_question")]
    messages, _ = run(ActionExpertSend(), tracker(user("versturen", "expert_send")))
    assert messages[0]["text"] == asking.NOTHING_TO_SEND


def test_cancel_forgets_the_question() -> None:
    messages, events = run(ActionExpertCancel(), tracker(user("nee", "deny")))
    assert messages[0]["text"] == asking.CANCELLED and events == [SlotSet("expert_question")]
