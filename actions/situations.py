"""Situations: quick lookups, the information-sharing helper and the crisis walk-through.

- ``action_quick_lookup``: one screen per situation (``/provocatie``, "snel: …"), from
  :mod:`bot.situations.quick`.
- ``sharing_form`` (validated by ``validate_sharing_form``), then ``action_sharing_advice``:
  the questions and advice of :mod:`bot.situations.sharing` (Tabel 2, §3.2).
- ``crisis_form`` (validated by ``validate_crisis_form``, steps asked by
  ``action_ask_crisis_*``), then ``action_crisis_summary``: :mod:`bot.situations.crisis`.
- Inside either form: ``action_explain_term`` answers a side question, ``action_situation_go_back``
  clears the previous answer, ``action_situation_stopped`` ends the form. Acute danger always
  goes to ``action_acute_danger`` first: the validators reject such a message, so that the
  rules in data/rules/situations_*.yml take over. A message that starts another flow (the
  tour, the quiz, another situation: :data:`bot.flows.FLOW_STARTS`) is rejected the same
  way; data/rules/flow_switch.yml then ends the form and starts that flow.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.knowledge import (
    ROLE_SLOT,
    ActionAnswerKnowledge,
    asker_role,
    safety_first,
    utter_answer,
)
from bot.flows import FLOW_STARTS
from bot.knowledge.loader import default_knowledge
from bot.knowledge.model import source_line
from bot.render import Answer, Button, entry_button
from bot.safety import is_acute
from bot.situations import crisis, sharing
from bot.situations.quick import TOPIC_ENTITY, normalise_topic, render_quick

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


# --- quick lookups --------------------------------------------------------------------------


class ActionQuickLookup(Action):
    """The one-screen answer for a situation; for information sharing, for the asker's role."""

    def name(self) -> str:
        return "action_quick_lookup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        found = [normalise_topic(t) for t in tracker.get_latest_entity_values(TOPIC_ENTITY)]
        topic = next((t for t in found if t), "")
        role = asker_role(tracker)
        safety_first(dispatcher, tracker)
        utter_answer(dispatcher, render_quick(topic, default_knowledge(), role))
        return [SlotSet(ROLE_SLOT, role)] if role else []


# --- shared by both forms -------------------------------------------------------------------


def _intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def _text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def _events_since_user(tracker: Tracker) -> list[dict[str, Any]]:
    events = tracker.events
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    return events[last_user + 1 :]


def _answers_the_question(tracker: Tracker, form: str) -> bool:
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
    intent = _intent(tracker)
    if intent in ASIDE or is_acute(_text(tracker)):
        return False
    return intent not in ASIDE_UNLESS_ANSWERED or _gave_an_answer(tracker)


def _gave_an_answer(tracker: Tracker) -> bool:
    """The message filled the question asked, or corrected a role or kind of information."""
    requested = tracker.get_slot(REQUESTED_SLOT)
    if requested and tracker.get_slot(requested) != _previous_value(tracker, requested):
        return True
    return any(
        tracker.get_slot(slot) != _previous_value(tracker, slot) and words.search(_text(tracker))
        for slot, words in CORRECTION.items()
    )


def _previous_value(tracker: Tracker, slot: str) -> Any:
    """``slot``'s value before the latest user message."""
    events = tracker.events
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    value = None
    for event in events[:last_user]:
        if event.get("event") == "slot" and event.get("name") == slot:
            value = event.get("value")
    return value


def _reject(tracker: Tracker, form: str) -> list[EventType]:
    """Step aside: undo what the message set in the form's slots, and let the rules decide."""
    undo = [
        SlotSet(slot, _previous_value(tracker, slot))
        for slot in FORM_SLOTS[form]
        if tracker.get_slot(slot) != _previous_value(tracker, slot)
    ]
    return [*undo, ActionExecutionRejected(form)]


# --- the information-sharing helper --------------------------------------------------------


class ValidateSharingForm(FormValidationAction):
    """Asks only what the advice needs (:func:`bot.situations.sharing.questions`); steps aside for
    messages that are no answer; takes a correction of the role or kind of information."""

    def name(self) -> str:
        return f"validate_{SHARING_FORM}"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        return sharing.questions(sharing.Case.from_slots(tracker.slots))

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not _answers_the_question(tracker, SHARING_FORM):
            return _reject(tracker, SHARING_FORM)
        return await super().run(dispatcher, tracker, domain)

    def validate_sharing_role(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _answer_or_correction(sharing.ROLE, value, sharing.ROLE_LABELS, dispatcher, tracker)

    def validate_sharing_info(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _answer_or_correction(sharing.KIND, value, sharing.KIND_LABELS, dispatcher, tracker)


def _answer_or_correction(
    slot: str,
    value: Any,
    labels: dict[str, str],
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
) -> dict[str, Any]:
    """A role or kind of information said while another question was asked: a correction
    of the earlier answer ("nee, ik ben wijkagent"; then the current question is asked
    again), or a mere mention ("mag ik dat met de wijkagent delen?"; then it is ignored)."""
    requested = tracker.get_slot(REQUESTED_SLOT)
    before = _previous_value(tracker, slot)
    if requested is None or slot == requested or value == before or value is None:
        return {slot: value}  # (no question asked yet: the form starts with what is known)
    if before is None or not CORRECTION[slot].search(_text(tracker)):
        return {slot: before}
    result = {slot: value}
    if requested and tracker.get_slot(requested) != _previous_value(tracker, requested):
        result[requested] = None  # the "nee" in "nee, ik ben wijkagent" answers nothing
    dispatcher.utter_message(text=f"Oké, aangepast: {labels.get(value, value)}.")
    return result


class ActionSharingStart(Action):
    """Starts the helper afresh; a role the user mentioned earlier is not asked again."""

    def name(self) -> str:
        return "action_sharing_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_sharing_intro")
        events = [SlotSet(slot, None) for slot in sharing.SLOTS]
        role = asker_role(tracker)
        if role in sharing.ROLES:
            events.append(SlotSet(sharing.ROLE, role))
        return events


class ActionSharingAdvice(Action):
    """The advice for the answers, with sources; then the form's answers are cleared (the
    role is remembered for later questions)."""

    def name(self) -> str:
        return "action_sharing_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        knowledge = default_knowledge()
        case = sharing.Case.from_slots(tracker.slots)
        lines = sharing.advise(case)
        title = f"**Advies: informatie delen als {sharing.ROLE_LABELS.get(case.role or '', '')}**"
        text = "\n".join(
            [title, f"_{sharing.answers_line(case)}_", *(f"- {line.text}" for line in lines)]
        )
        text += "\n\n" + sharing.advice_source_line(lines)
        entry = (
            "informatiedeling-jongerenwerker"
            if case.is_youth_worker
            else "informatiedeling-netwerkpartners"
        )
        related = [entry, "informatiedeling-dpia-fg"]
        buttons = [entry_button(knowledge[e]) for e in related if e in knowledge]
        buttons.append(Button("Opnieuw, met andere antwoorden", "/start_sharing"))
        utter_answer(dispatcher, Answer(text=text, buttons=tuple(buttons)))
        return [SlotSet(slot, None) for slot in sharing.SLOTS] + [SlotSet(ROLE_SLOT, case.role)]


# --- the crisis walk-through ----------------------------------------------------------------


class ValidateCrisisForm(FormValidationAction):
    """Steps aside for acute danger, side questions, back and stop; says 112 first when the
    user answers that there is direct danger."""

    def name(self) -> str:
        return f"validate_{CRISIS_FORM}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not _answers_the_question(tracker, CRISIS_FORM):
            return _reject(tracker, CRISIS_FORM)
        return await super().run(dispatcher, tracker, domain)

    def validate_crisis_danger(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is True and tracker.get_slot(REQUESTED_SLOT) == crisis.DANGER:
            dispatcher.utter_message(text=crisis.CALL_FIRST)
        return {crisis.DANGER: value}


class ActionCrisisStart(Action):
    """Starts the walk-through afresh."""

    def name(self) -> str:
        return "action_crisis_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_crisis_intro")
        return [SlotSet(slot, None) for slot in crisis.SLOTS]


class _AskCrisisStep(Action, ABC):
    """Asks for one step of the walk-through: its lines, sources and buttons. (Abstract, so
    the action server registers only the subclasses, one per slot.)"""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The slot this action asks for."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        step = crisis.step_for(self.slot)
        if step is None:
            utter_answer(dispatcher, crisis.render_danger_question())
        else:
            utter_answer(dispatcher, crisis.render_step(step, default_knowledge()))
        return []


class ActionAskCrisisDanger(_AskCrisisStep):
    slot = crisis.DANGER


class ActionAskCrisisInfo(_AskCrisisStep):
    slot = "crisis_info"


class ActionAskCrisisAction(_AskCrisisStep):
    slot = "crisis_action"


class ActionAskCrisisLimits(_AskCrisisStep):
    slot = "crisis_limits"


class ActionAskCrisisPlan(_AskCrisisStep):
    slot = "crisis_plan"


class ActionAskCrisisEvaluate(_AskCrisisStep):
    slot = "crisis_evaluate"


class ActionCrisisSummary(Action):
    """The checklist to copy or share; then the walk-through's answers are cleared."""

    def name(self) -> str:
        return "action_crisis_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        answers = {slot: tracker.get_slot(slot) for slot in crisis.SLOTS}
        utter_answer(dispatcher, crisis.render_summary(answers, default_knowledge()))
        return [SlotSet(slot, None) for slot in crisis.SLOTS]


# --- inside a form: side questions, back, stop ----------------------------------------------


class ActionExplainTerm(ActionAnswerKnowledge):
    """A side question: a term the helper uses ("wat is proportionaliteit?") in two lines
    with its source; any other knowledge question gets its answer; anything else a request
    to answer the question (the form asks it again)."""

    def name(self) -> str:
        return "action_explain_term"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        term = sharing.find_term(_text(tracker))
        if term is None and _intent(tracker) == "knowledge":
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
