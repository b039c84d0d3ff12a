"""The custom actions, run on rasa-sdk trackers as the action server would run them."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.browse import ActionBrowse
from actions.fallback import ActionAskAffirmation
from actions.feedback import THANKS, THANKS_COMMENT, ActionFeedback, ActionFeedbackComment
from actions.knowledge import ActionAnswerKnowledge
from actions.safety import ActionAcuteDanger
from bot.render import UNSURE_LINE
from bot.safety import EMERGENCY_LINE, SUICIDE_LINE

ROOT = Path(__file__).resolve().parents[2]


def tracker(text: str, intent: str, **message: Any) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    latest.update(message)
    return Tracker(
        sender_id="test",
        slots={"entry": None, "role": None},
        latest_message=latest,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def selector(*ranking: tuple[str, float]) -> dict[str, Any]:
    ranked = [{"intent_response_key": f"knowledge/{k}", "confidence": c} for k, c in ranking]
    return {"knowledge": {"response": ranked[0], "ranking": ranked}}


def run(action: Action, tracker: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_knowledge_question_gets_the_selected_entry() -> None:
    question = tracker(
        "wat zeg ik als ik word uitgedaagd?",
        "knowledge",
        response_selector=selector(("provocatie-reageren", 0.9), ("provocatie-online", 0.05)),
    )
    messages, events = run(ActionAnswerKnowledge(), question)
    (message,) = messages
    assert message["text"].startswith("**Reageren als je wordt uitgedaagd of geprovoceerd**")
    assert message["text"].endswith("Bron: Greijdanus e.a. (2023), §4.2, p. 37–41; §4.3, p. 42–45")
    assert message["buttons"][0]["payload"] == '/show_entry{"entry":"provocatie-afsluiten"}'
    assert events == [SlotSet("entry", "provocatie-reageren")]


def test_an_unsure_answer_offers_the_next_candidates_first() -> None:
    question = tracker(
        "iemand zegt iets uitdagends tegen me",
        "knowledge",
        response_selector=selector(
            ("provocatie-reageren", 0.3), ("provocatie-online", 0.25), ("gerucht-ontkrachten", 0.1)
        ),
    )
    (message,), _ = run(ActionAnswerKnowledge(), question)
    assert message["text"].startswith("**Reageren als je wordt uitgedaagd of geprovoceerd**")
    assert UNSURE_LINE in message["text"]
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads[:2] == [
        '/show_entry{"entry":"provocatie-online"}',
        '/show_entry{"entry":"gerucht-ontkrachten"}',
    ]
    assert len(payloads) == len(set(payloads))


def test_a_confident_answer_offers_no_alternatives() -> None:
    question = tracker(
        "wat zeg ik als ik word uitgedaagd?",
        "knowledge",
        response_selector=selector(("provocatie-reageren", 0.8), ("gerucht-ontkrachten", 0.15)),
    )
    (message,), _ = run(ActionAnswerKnowledge(), question)
    assert UNSURE_LINE not in message["text"]
    assert '/show_entry{"entry":"gerucht-ontkrachten"}' not in str(message["buttons"])


def test_button_shows_the_entry_it_names() -> None:
    button = tracker(
        '/show_entry{"entry":"gerucht-ontkrachten"}',
        "show_entry",
        entities=[{"entity": "entry", "value": "gerucht-ontkrachten"}],
    )
    (message,), _ = run(ActionAnswerKnowledge(), button)
    assert "Bron: Greijdanus e.a. (2023), §5.1, p. 47–51" in message["text"]


def test_unknown_entry_says_so_plainly() -> None:
    button = tracker(
        "/show_entry", "show_entry", entities=[{"entity": "entry", "value": "bestaat-niet"}]
    )
    messages, events = run(ActionAnswerKnowledge(), button)
    assert messages == [
        {
            "text": None,
            "buttons": [],
            "elements": [],
            "custom": {},
            "template": "utter_entry_not_found",
            "response": "utter_entry_not_found",
            "image": None,
            "attachment": None,
        }
    ]
    assert events == [SlotSet("entry", None)]


def test_acute_danger_says_112_before_anything_else() -> None:
    messages, _ = run(ActionAcuteDanger(), tracker("er wordt nu gestoken", "acute_danger"))
    assert messages[0]["text"] == EMERGENCY_LINE
    assert "112" in messages[0]["text"]
    assert messages[-1]["buttons"], "guidance is offered after the call"


def test_self_harm_says_113_first() -> None:
    text = "jongen zegt op snap dat hij zelfmoord gaat plegen"
    messages, _ = run(ActionAcuteDanger(), tracker(text, "acute_danger"))
    assert messages[0]["text"] == SUICIDE_LINE
    assert "113" in messages[0]["text"]


def test_fallback_combines_classifier_and_words() -> None:
    unsure = tracker(
        "hoe ontkracht ik een gerucht",
        "nlu_fallback",
        response_selector=selector(
            ("duiding-hotspots", 0.4),
            ("gerucht-ontkrachten", 0.3),
            ("bestaat-niet", 0.2),
            ("provocatie-reageren", 0.01),
        ),
    )
    (message,), _ = run(ActionAskAffirmation(), unsure)
    payloads = [b["payload"] for b in message["buttons"]]
    assert len(payloads) == 4
    assert payloads[0] == '/show_entry{"entry":"gerucht-ontkrachten"}'  # ranked by both
    assert '/show_entry{"entry":"duiding-hotspots"}' in payloads
    assert payloads[-1] == "/out_of_scope"
    assert not any("bestaat-niet" in p or "provocatie-reageren" in p for p in payloads)


def test_words_alone_find_the_entry_when_the_classifier_has_nothing() -> None:
    (message,), _ = run(ActionAskAffirmation(), tracker("ik werd geprovoceerd", "nlu_fallback"))
    assert message["buttons"][0]["payload"] == '/show_entry{"entry":"provocatie-reageren"}'


def test_role_picks_the_tabel_2_row_for_the_asker() -> None:
    question = tracker(
        "wat mag ik als wijkagent van het jongerenwerk weten?",
        "knowledge",
        entities=[{"entity": "role", "value": "politie"}],
        response_selector=selector(("informatiedeling-jongerenwerker", 0.6)),
    )
    (message,), events = run(ActionAnswerKnowledge(), question)
    assert message["text"].startswith("**Informatie vragen aan jongerenwerkers")
    assert "_Voor jou als politie._" in message["text"]
    assert events == [SlotSet("entry", "informatiedeling-netwerkpartners")]


def test_a_button_shows_the_entry_it_names_whatever_the_role() -> None:
    button = tracker(
        '/show_entry{"entry":"informatiedeling-jongerenwerker"}',
        "show_entry",
        entities=[{"entity": "entry", "value": "informatiedeling-jongerenwerker"}],
    )
    button.slots["role"] = "politie"
    (message,), _ = run(ActionAnswerKnowledge(), button)
    assert message["text"].startswith("**Informatie delen als jongerenwerker**")


def test_browse_goes_from_phases_to_sections_to_entries() -> None:
    (top,), _ = run(ActionBrowse(), tracker("welke onderwerpen zijn er?", "list_topics"))
    assert [b["payload"] for b in top["buttons"]][:3] == [
        '/browse{"phase": "vredestijd"}',
        '/browse{"phase": "crisis"}',
        '/browse{"phase": "nazorg"}',
    ]
    crisis = tracker("/browse", "browse", entities=[{"entity": "phase", "value": "crisis"}])
    (menu,), _ = run(ActionBrowse(), crisis)
    assert any(b["title"].startswith("§4.2 ") for b in menu["buttons"])
    section = tracker(
        "/browse",
        "browse",
        entities=[{"entity": "phase", "value": "crisis"}, {"entity": "section", "value": "4.2"}],
    )
    (entries,), _ = run(ActionBrowse(), section)
    assert '/show_entry{"entry":"provocatie-reageren"}' in [
        b["payload"] for b in entries["buttons"]
    ]


def test_danger_now_gets_112_first_even_when_taken_for_a_question() -> None:
    mistaken = tracker(
        "ze zijn iemand aan het steken achter de supermarkt help",
        "knowledge",
        response_selector=selector(("provocatie-reageren", 0.4)),
    )
    messages, _ = run(ActionAnswerKnowledge(), mistaken)
    assert messages[0]["text"] == EMERGENCY_LINE
    assert messages[1]["text"].startswith("**Reageren als je wordt uitgedaagd")


def test_a_question_about_weapons_gets_no_alarm() -> None:
    question = tracker(
        "wat zeg ik als een jongen me uitdaagt over zijn mes",
        "knowledge",
        response_selector=selector(("provocatie-reageren", 0.9)),
    )
    (message,), _ = run(ActionAnswerKnowledge(), question)
    assert message["text"].startswith("**Reageren als je wordt uitgedaagd")


def test_the_domain_lists_exactly_the_actions_the_server_registers() -> None:
    """The domain is the registry of custom actions: a new flow's actions are declared once,
    in its domain file, and the action server must provide exactly those."""
    from rasa_sdk.executor import ActionExecutor

    from bot.domain import action_names, load_domain

    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(executor.actions) == set(action_names(load_domain()))


def test_only_form_validation_actions_are_sent_the_domain() -> None:
    """Rasa sends the whole domain (every response, tens of KB of JSON) with an action call
    unless the action endpoint enables the selective domain; then only actions declared
    with ``send_domain: true`` get it. The SDK's form validation reads the form's slots from
    it, so every validation action must be declared so, and no other action needs it (the
    per-message profile in docs/benchmarks.md)."""
    import yaml
    from rasa_sdk.executor import ActionExecutor
    from rasa_sdk.forms import FormValidationAction

    from bot.domain import actions_sent_the_domain, load_domain

    executor = ActionExecutor()
    executor.register_package("actions")
    validators = {
        name for name, action in executor.actions.items()
        if isinstance(getattr(action, "__self__", None), FormValidationAction)
    }  # fmt: skip
    assert len(validators) >= 5
    assert actions_sent_the_domain(load_domain()) == validators
    for endpoints in ("endpoints.yml", "endpoints.production.yml"):
        config = yaml.safe_load((ROOT / endpoints).read_text(encoding="utf-8"))
        assert config["action_endpoint"]["enable_selective_domain"] is True, endpoints
    # Nothing essential got lost from both at once: safety, answers, each flow's validator.
    assert {
        "action_acute_danger", "action_answer_knowledge", "action_default_ask_affirmation",
        "validate_sharing_form", "validate_crisis_form", "validate_situation_phase_form",
        "validate_aftercare_form", "validate_group_reading_form", "action_flow_switched",
        "action_tour_start", "action_quiz_start", "action_feedback_comment",
    } <= set(executor.actions)  # fmt: skip


def test_feedback_thanks_for_thumbs_up_and_leaves_the_question_after_thumbs_down_to_the_form() -> (
    None
):
    up = tracker("/feedback", "feedback", entities=[{"entity": "rating", "value": "up"}])
    down = tracker("/feedback", "feedback", entities=[{"entity": "rating", "value": "down"}])
    assert [m["text"] for m in run(ActionFeedback(), up)[0]] == [THANKS]
    assert run(ActionFeedback(), down)[0] == []


def test_a_comment_is_thanked_and_the_feedback_slots_are_cleared() -> None:
    comment = tracker("de voorbeeldzin paste niet", "knowledge")
    messages, events = run(ActionFeedbackComment(), comment)
    assert [m["text"] for m in messages] == [THANKS_COMMENT]
    assert {(e["name"], e["value"]) for e in events} == {
        ("feedback_comment", None),
        ("feedback_rating", None),
    }


def test_an_acute_label_on_a_plain_question_still_answers_it_after_112() -> None:
    question = tracker(
        "hoe zit dat met groepsdruk bij vechtpartijen, doet iedereen vrijwillig mee?",
        "acute_danger",
        response_selector=selector(
            ("groepsinvloed-zes-vormen", 0.2), ("marginale-groepsleden", 0.1)
        ),
    )
    messages, events = run(ActionAcuteDanger(), question)
    assert messages[0]["text"] == EMERGENCY_LINE
    assert "Bron: Greijdanus e.a. (2023)" in messages[1]["text"]
    assert events == [SlotSet("entry", "groepsinvloed-zes-vormen")]


def test_an_acute_label_without_violence_or_self_harm_words_names_only_112() -> None:
    """The classifier alone, with nothing in the text naming a weapon, violence, an injury or
    self-harm, brings at most the short 112 question — never 113 (issue 14); the question
    still gets its answer."""
    question = tracker(
        "die jongen doet mee maar staat er niet achter, hoe zit dat met groepsdruk?",
        "acute_danger",
        response_selector=selector(
            ("groepsinvloed-zes-vormen", 0.2), ("marginale-groepsleden", 0.1)
        ),
        calibrated={"acute_danger": 0.9},
    )
    messages, events = run(ActionAcuteDanger(), question)
    assert messages[0]["text"] == EMERGENCY_LINE
    assert SUICIDE_LINE not in [m["text"] for m in messages]
    assert "Bron: Greijdanus e.a. (2023)" in messages[1]["text"]
    assert events == [SlotSet("entry", "groepsinvloed-zes-vormen")]


def test_an_unconvinced_acute_label_on_a_statement_raises_no_alarm() -> None:
    """ "ik zit in de auto": the softmax picked acute_danger, the calibrated probability is
    low and nothing reads as danger: no emergency line, the statement reply instead."""
    statement = tracker(
        "ik zit in de auto",
        "acute_danger",
        intent_ranking=[
            {"name": "acute_danger", "confidence": 0.97},
            {"name": "statement", "confidence": 0.02},
        ],
        calibrated={"acute_danger": 0.03},
    )
    messages, _ = run(ActionAcuteDanger(), statement)
    assert [m.get("response") for m in messages] == ["utter_statement"]
    assert all(m.get("text") not in (EMERGENCY_LINE, SUICIDE_LINE) for m in messages)


def test_an_acute_label_on_a_framed_question_answers_first_and_keeps_the_line_after() -> None:
    """A question clearly *about* danger (a protocol, "als iemand …") that the NLU still took
    for acute_danger gets its answer first; the emergency line is moved after it, never
    dropped (bot.safety.framed_question, docs/safety.md "Round 5")."""
    question = tracker(
        "wat moet er in een protocol staan voor als iemand in het buurthuis een mes trekt",
        "acute_danger",
        response_selector=selector(
            ("crisis-checklist-ingrijpen", 0.3), ("provocatie-reageren", 0.1)
        ),
    )
    messages, events = run(ActionAcuteDanger(), question)
    assert "Bron: Greijdanus e.a. (2023)" in messages[0]["text"]
    assert messages[-1]["text"] == EMERGENCY_LINE
    assert events == [SlotSet("entry", "crisis-checklist-ingrijpen")]


def test_an_acute_label_on_a_framed_message_with_a_scene_keeps_the_line_first() -> None:
    """Framing words do not move the line when a scene is described ("hij staat hier")."""
    question = tracker(
        "we keken een film en nu staat hij hier met een mes voor de deur",
        "acute_danger",
        response_selector=selector(
            ("crisis-checklist-ingrijpen", 0.3), ("provocatie-reageren", 0.1)
        ),
    )
    messages, _ = run(ActionAcuteDanger(), question)
    assert messages[0]["text"] == EMERGENCY_LINE


# --- issue 14: statements, distress and follow-ups (actions/conversation.py) ----------------


def test_a_statement_is_acknowledged_without_an_alarm() -> None:
    from actions.conversation import ActionStatement

    statement = tracker("ik sta bij het station", "statement", calibrated={"acute_danger": 0.05})
    messages, events = run(ActionStatement(), statement)
    assert [m.get("response") for m in messages] == ["utter_statement"]
    assert events == []


def test_a_statement_that_reads_as_danger_now_is_handed_to_the_alarm() -> None:
    from actions.conversation import ActionStatement

    scene = tracker(
        "er staat hier nu een gast met een mes", "statement", calibrated={"acute_danger": 0.2}
    )
    messages, _ = run(ActionStatement(), scene)
    assert messages[0]["text"] == EMERGENCY_LINE


def test_own_distress_gets_the_support_text_and_the_aftercare_offer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from actions.conversation import ActionOwnDistress

    monkeypatch.setenv("WEGWIJZER_SUPPORT_TEXT", "Bel het nazorgteam: 1234.")
    distress = tracker(
        "ik word zelf bedreigd op snap sinds vorige week en slaap slecht",
        "own_distress",
        calibrated={"acute_danger": 0.02},
    )
    (message,), _ = run(ActionOwnDistress(), distress)
    assert "Bel het nazorgteam: 1234." in message["text"]
    assert message["buttons"][0]["payload"] == "/aftercare_self"


def follow_up(text: str, topic: str | None, events: list[dict[str, Any]]) -> Tracker:
    t = tracker(text, "follow_up", calibrated={"acute_danger": 0.01})
    t.slots["entry"] = topic
    t.events = events
    return t


def test_what_now_after_an_alarm_offers_the_walk_through() -> None:
    from actions.conversation import ActionFollowUp

    events = [
        {"event": "user", "text": "er staat een gast met een mes"},
        {"event": "action", "name": "action_acute_danger"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "wat moet ik nu doen"},
    ]
    (message,), _ = run(ActionFollowUp(), follow_up("wat moet ik nu doen", None, events))
    assert message["buttons"][0]["payload"] == "/start_crisis"


def test_can_that_be_done_online_answers_the_online_counterpart() -> None:
    from actions.conversation import ActionFollowUp

    events = [
        {"event": "user", "text": "wat zeg ik als ik word uitgedaagd?"},
        {"event": "action", "name": "action_answer_knowledge"},
        {"event": "user", "text": "kan dat ook online?"},
    ]
    messages, slot_events = run(
        ActionFollowUp(), follow_up("kan dat ook online?", "provocatie-reageren", events)
    )
    assert messages[-1]["text"].startswith("**Provocatie en de-escalatie in online")
    assert slot_events == [SlotSet("entry", "provocatie-online")]
