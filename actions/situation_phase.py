"""Where are we? (§1.1): the form ``situation_phase_form`` and its advice.

See :mod:`bot.situations.situation_phase` for the questions and the advice.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.guided import STOPPED, GuidedFormValidation, ask_actions, clear, go_back_events
from actions.knowledge import utter_answer
from bot.knowledge.loader import default_knowledge
from bot.situations import situation_phase

FORM = "situation_phase_form"
# The slots this flow asks (the role is kept: it is the asker's, not the situation's).
OWN_SLOTS = (situation_phase.PHASE_SLOT, situation_phase.LABELS_SLOT, situation_phase.POSITION_SLOT)


class ValidateSituationPhaseForm(GuidedFormValidation):
    """Keeps only answers the flow knows; anything else asks the question again."""

    form = FORM
    slots = situation_phase.SLOTS
    normalise = staticmethod(situation_phase.normalise)


# action_ask_situation_phase, …_labels, …_position, action_ask_role
ASK_ACTIONS = ask_actions(situation_phase.SLOTS, situation_phase.question, __name__)


class ActionSituationPhaseAdvice(Action):
    """When all is answered: the advice, the entries that matter now; answers cleared."""

    def name(self) -> str:
        return "action_situation_phase_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        values = {slot: tracker.get_slot(slot) for slot in situation_phase.SLOTS}
        situation = situation_phase.Situation(
            phase=situation_phase.normalise(
                situation_phase.PHASE_SLOT, values[situation_phase.PHASE_SLOT]
            )
            or situation_phase.UNKNOWN,
            labels=situation_phase.normalise(
                situation_phase.LABELS_SLOT, values[situation_phase.LABELS_SLOT]
            )
            or situation_phase.UNKNOWN,
            position=situation_phase.normalise(
                situation_phase.POSITION_SLOT, values[situation_phase.POSITION_SLOT]
            )
            or situation_phase.UNKNOWN,
            role=situation_phase.normalise(
                situation_phase.ROLE_SLOT, values[situation_phase.ROLE_SLOT]
            ),
        )
        utter_answer(dispatcher, situation_phase.render_situation(situation, default_knowledge()))
        return clear(OWN_SLOTS)


class ActionSituationPhaseBack(Action):
    """'terug': the previous question again."""

    def name(self) -> str:
        return "action_situation_phase_back"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return go_back_events(situation_phase.SLOTS, tracker)


class ActionSituationPhaseStopped(Action):
    """'stop': the answers are forgotten."""

    def name(self) -> str:
        return "action_situation_phase_stopped"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(text=STOPPED)
        return clear(OWN_SLOTS)
