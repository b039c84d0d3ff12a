"""The crisis walk-through (``crisis_form``, validated by ``validate_crisis_form``, steps
asked by ``action_ask_crisis_*``, then ``action_crisis_summary``): :mod:`bot.situations.crisis`.
Side questions, back and stop: :mod:`actions.situations`."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.guided import ask_actions
from actions.knowledge import utter_answer
from actions.situations import CRISIS_FORM, REQUESTED_SLOT, answers_the_question, reject
from bot.knowledge.loader import default_knowledge
from bot.render import Answer
from bot.situations import crisis


class ValidateCrisisForm(FormValidationAction):
    """Steps aside for acute danger, side questions, back and stop; says 112 first when the
    user answers that there is direct danger."""

    def name(self) -> str:
        return f"validate_{CRISIS_FORM}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not answers_the_question(tracker, CRISIS_FORM):
            return reject(tracker, CRISIS_FORM)
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


def ask_crisis_step(slot: str) -> Answer:
    """The question for one step of the walk-through: its lines, sources and buttons (the
    first asks whether anyone is in direct danger)."""
    step = crisis.step_for(slot)
    if step is None:
        return crisis.render_danger_question()
    return crisis.render_step(step, default_knowledge())


# action_ask_crisis_danger, …_info, …_action, …_limits, …_plan, …_evaluate
ASK_ACTIONS = ask_actions(crisis.SLOTS, ask_crisis_step, __name__)


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
