"""A flow started inside a guided form ends that form (issue 5 follow-up): the one list of
flow intents (bot/flows.py) agrees with the domain, the rules and the validators; the forms
step aside for those intents (and only while they run); action_flow_switched says so,
clears the answers and keeps 112 first. No model needed: the dialogue is checked in
tests/stories/test_flow_switch.yml, the replies on real servers in
tests/integration/test_flow_switch_http.py."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecutionRejected, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.aftercare import ValidateAftercareForm
from actions.crisis import ValidateCrisisForm
from actions.flows import FORM_ANSWERS, ActionFlowSwitched
from actions.group_reading import ValidateGroupReadingForm
from actions.sharing import ValidateSharingForm
from actions.situation_phase import ValidateSituationPhaseForm
from actions.situations import ASIDE
from bot.domain import action_names, load_domain
from bot.flows import FLOW_STARTS, GUIDED_FORMS, RULES_FILE, SWITCH_ACTION, switch_rules
from bot.safety import EMERGENCY_LINE

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = load_domain()


def all_rules() -> list[dict[str, Any]]:
    rules = []
    for path in sorted((ROOT / "data" / "rules").glob("*.yml")):
        rules += yaml.safe_load(path.read_text(encoding="utf-8")).get("rules") or []
    return rules


def test_the_rules_file_is_generated_from_bot_flows() -> None:
    written = (ROOT / RULES_FILE).read_text(encoding="utf-8")
    assert written == switch_rules(), "run .venv/bin/python scripts/generate/flow_switch_rules.py"


def test_every_form_and_flow_intent_is_in_the_domain() -> None:
    # Every form but the feedback comment, which takes any typed text.
    assert set(GUIDED_FORMS) == set(DOMAIN["forms"]) - {"feedback_form"}
    assert set(FLOW_STARTS) <= set(DOMAIN["intents"])
    assert SWITCH_ACTION in action_names(DOMAIN)
    assert "utter_previous_flow_stopped" in DOMAIN["responses"]


def test_a_flow_starts_with_the_steps_of_its_own_start_rule() -> None:
    """The switch rules repeat each flow's start rule; they must not drift apart."""
    for intent, steps in FLOW_STARTS.items():
        starts = [
            [s["action"] for s in rule["steps"][1:] if "action" in s]
            for rule in all_rules()
            if "condition" not in rule and rule["steps"][0].get("intent") == intent
        ]
        assert starts == [list(steps)], intent


def test_no_flow_intent_is_taken_as_an_answer() -> None:
    assert set(FLOW_STARTS) <= ASIDE  # the sharing helper and the crisis walk-through


def test_the_feedback_comment_takes_any_typed_text() -> None:
    """A comment is free text: a flow intent the NLU reads in it does not end the form."""
    assert "feedback_form" not in GUIDED_FORMS
    (mapping,) = DOMAIN["slots"]["feedback_comment"]["mappings"]
    assert not set(FLOW_STARTS) & set(mapping["not_intent"])


def test_every_form_answer_is_a_domain_slot_the_role_is_kept() -> None:
    assert set(FORM_ANSWERS) <= set(DOMAIN["slots"])
    assert "role" not in FORM_ANSWERS and "feedback_rating" not in FORM_ANSWERS


def tracker(
    intent: str,
    running: str | None,
    slots: dict[str, Any] | None = None,
    text: str = "",
    since: tuple[str, ...] = ("action_extract_slots",),
) -> Tracker:
    """The tracker a validator sees: ``running`` was the active loop before the message,
    ``since`` the actions run after it (Rasa adds the form itself before validating)."""
    events = [
        {"event": "active_loop", "name": running},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}},
        *({"event": "action", "name": name} for name in since),
    ]
    return Tracker(
        sender_id="test",
        slots={"requested_slot": None, "role": None, **(slots or {})},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 0.9}},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": running} if running else {},
        latest_action_name=since[-1],
    )


VALIDATORS = [
    ValidateSharingForm(),
    ValidateCrisisForm(),
    ValidateSituationPhaseForm(),
    ValidateAftercareForm(),
    ValidateGroupReadingForm(),
]


def validate(action: Action, tracker: Tracker) -> list[Any]:
    return asyncio.run(action.run(CollectingDispatcher(), tracker, DOMAIN))


@pytest.mark.parametrize("validator", VALIDATORS, ids=lambda v: v.name())
@pytest.mark.parametrize("intent", sorted(FLOW_STARTS))
def test_a_running_form_steps_aside_for_a_new_flow(validator: Action, intent: str) -> None:
    form = validator.name().removeprefix("validate_")
    events = validate(validator, tracker(intent, form, since=("action_extract_slots", form)))
    assert ActionExecutionRejected(form) in events


def rejected(events: list[dict[str, Any]]) -> bool:
    return any(e.get("event") == "action_execution_rejected" for e in events)


@pytest.mark.parametrize("validator", VALIDATORS, ids=lambda v: v.name())
def test_a_form_being_started_is_not_rejected(validator: Action) -> None:
    """Started from scratch (no form ran before the message), or again after a switch rule
    ended the old one: the flow intent is the form's own start. (At activation Rasa already
    shows the form as the active loop and adds it as executed.)"""
    form = validator.name().removeprefix("validate_")
    (intent, steps), *_ = [(i, s) for i, s in FLOW_STARTS.items() if s[-1] == form]
    fresh = tracker(intent, None, since=("action_extract_slots", *steps))
    fresh.active_loop = {"name": form}
    switched = tracker(
        intent,
        form,
        since=("action_extract_slots", "action_deactivate_loop", SWITCH_ACTION, *steps),
    )
    assert not rejected(validate(validator, fresh))
    assert not rejected(validate(validator, switched))


def test_switching_says_so_and_clears_only_the_answers_given() -> None:
    slots = {slot: None for slot in FORM_ANSWERS}
    slots.update({"sharing_role": "gemeente", "sharing_info": "groep", "role": "gemeente"})
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        ActionFlowSwitched().run(dispatcher, tracker("start_tour", None, slots, "ik ben nieuw"), {})
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_previous_flow_stopped"]
    assert events == [SlotSet("sharing_role", None), SlotSet("sharing_info", None)]


def test_switching_with_danger_in_the_message_says_112_first() -> None:
    text = "ik ben nieuw en er staat hier nu een jongen met een mes te zwaaien"
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionFlowSwitched().run(dispatcher, tracker("start_tour", None, text=text), {}))
    assert dispatcher.messages[0]["text"] == EMERGENCY_LINE
    assert dispatcher.messages[-1]["response"] == "utter_previous_flow_stopped"
