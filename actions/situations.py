"""What the information-sharing helper and the crisis walk-through share: when a message
is an answer, stepping aside when it is not, and the side questions, back and stop inside
either form.

- ``sharing_form`` (:mod:`actions.sharing`) and ``crisis_form`` (:mod:`actions.crisis`): the
  validators step aside (:func:`answers_the_question`, :func:`reject`) for acute danger, stop,
  back, a side question that filled nothing, and a message that starts another flow (the
  tour, the quiz, another situation: :data:`bot.flows.FLOW_STARTS`); the rules in
  data/rules/situations_*.yml and data/rules/flow_switch.yml then take over.
- Inside either form: ``action_explain_term`` answers a side question,
  ``action_situation_go_back`` clears the previous answer, ``action_situation_stopped`` ends
  the form.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.knowledge import ActionAnswerKnowledge, safety_first, utter_answer
from bot.flows import FLOW_STARTS
from bot.knowledge.loader import default_knowledge
from bot.knowledge.model import source_line
from bot.render import Answer, entry_button
from bot.safety import is_acute
from bot.situations import crisis, sharing

SHARING_FORM, CRISIS_FORM = "sharing_form", "crisis_form"
FORM_SLOTS = {SHARING_FORM: sharing.SLOTS, CRISIS_FORM: crisis.SLOTS}
REQUESTED_SLOT = "requested_slot"
# Messages that are never an answer: the form steps aside for them (rules take over). A
# message that starts another flow ends the form (data/rules/flow_switch.yml).
ASIDE = {"acute_danger", "stop", "go_back", *FLOW_STARTS}
# Messages that are an answer only if they filled the question asked (or corrected an earlier
# answer); otherwise a side question or something the form cannot use.
ASIDE_UNLESS_ANSWERED = {"knowledge", "nlu_fallback", "out_of_scope", "quick_lookup"}
# Words that make a role or kind of information in a message a correction of an earlier
# answer ("nee, ik ben wijkagent"), not a mention ("mag ik dat met de wijkagent delen?").
CORRECTION = {
    sharing.ROLE: re.compile(r"\b(?:ik\s+ben|ik\s+werk|als)\b", re.IGNORECASE),
    sharing.KIND: re.compile(
        r"\b(?:eigenlijk|ik\s+bedoel|wacht|sorry|het\s+gaat\s+(?:om|over))\b", re.IGNORECASE
    ),
}
FLOW_ACTIONS = {"action_listen", "action_extract_slots", SHARING_FORM, CRISIS_FORM}


def intent_of(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def text_of(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def _events_since_user(tracker: Tracker) -> list[dict[str, Any]]:
    events = tracker.events
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    return events[last_user + 1 :]


def answers_the_question(tracker: Tracker, form: str) -> bool:
    """False when the latest message is not an answer: acute danger, stop, back, or a side
    question that filled nothing. Always True when the form resumes after another action
    (a side question answered, a step back) rather than straight after the user's message."""
    executed = {
        e.get("name")
        for e in _events_since_user(tracker)
        if e.get("event") == "action" and e.get("name")
    }
    if executed - FLOW_ACTIONS - {f"validate_{form}"}:
        return True
    intent = intent_of(tracker)
    if intent in ASIDE or is_acute(text_of(tracker)):
        return False
    return intent not in ASIDE_UNLESS_ANSWERED or _gave_an_answer(tracker)


def _gave_an_answer(tracker: Tracker) -> bool:
    """The message filled the question asked, or corrected a role or kind of information."""
    requested = tracker.get_slot(REQUESTED_SLOT)
    if requested and tracker.get_slot(requested) != previous_value(tracker, requested):
        return True
    return any(
        tracker.get_slot(slot) != previous_value(tracker, slot) and words.search(text_of(tracker))
        for slot, words in CORRECTION.items()
    )


def previous_value(tracker: Tracker, slot: str) -> Any:
    """``slot``'s value before the latest user message."""
    events = tracker.events
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    value = None
    for event in events[:last_user]:
        if event.get("event") == "slot" and event.get("name") == slot:
            value = event.get("value")
    return value


def reject(tracker: Tracker, form: str) -> list[EventType]:
    """Step aside: undo what the message set in the form's slots, and let the rules decide."""
    undo = [
        SlotSet(slot, previous_value(tracker, slot))
        for slot in FORM_SLOTS[form]
        if tracker.get_slot(slot) != previous_value(tracker, slot)
    ]
    return [*undo, ActionExecutionRejected(form)]


class ActionExplainTerm(ActionAnswerKnowledge):
    """A side question: a term the helper uses ("wat is proportionaliteit?") in two lines
    with its source; any other knowledge question gets its answer; anything else a request
    to answer the question (the form asks it again)."""

    def name(self) -> str:
        return "action_explain_term"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        term = sharing.find_term(text_of(tracker))
        if term is None and intent_of(tracker) == "knowledge":
            return await super().run(dispatcher, tracker, domain)
        if term is None:
            safety_first(dispatcher, tracker)
            dispatcher.utter_message(response="utter_situation_not_understood")
            return []
        safety_first(dispatcher, tracker)
        text = f"**{term.name}**\n{term.text}\n\n" + source_line(g.source for g in term.grounds)
        entry = default_knowledge().get(term.entry)
        utter_answer(dispatcher, Answer(text=text, buttons=(entry_button(entry),) if entry else ()))
        return []


def _active_form(tracker: Tracker) -> str | None:
    name = (tracker.active_loop or {}).get("name")
    return name if name in FORM_SLOTS else None


class ActionSituationGoBack(Action):
    """Back: clear the answer to the question before the current one; the form asks it again."""

    def name(self) -> str:
        return "action_situation_go_back"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        form = _active_form(tracker)
        current = tracker.get_slot(REQUESTED_SLOT)
        if form == SHARING_FORM:
            previous = sharing.previous_question(sharing.Case.from_slots(tracker.slots), current)
        elif form == CRISIS_FORM:
            order = list(crisis.SLOTS)
            index = order.index(current) if current in order else len(order)
            previous = order[index - 1] if index > 0 else None
        else:
            previous = None
        if previous is None:
            dispatcher.utter_message(text="Dit is de eerste vraag; verder terug kan niet.")
            return []
        dispatcher.utter_message(text="Oké, een stap terug.")
        return [SlotSet(previous, None), SlotSet(REQUESTED_SLOT, previous)]


class ActionSituationStopped(Action):
    """Stop: the form's answers are cleared, and the user hears how to go on."""

    def name(self) -> str:
        return "action_situation_stopped"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_situation_stopped")
        slots = [*sharing.SLOTS, *crisis.SLOTS]
        return [SlotSet(slot, None) for slot in slots if tracker.get_slot(slot) is not None]
