"""After an incident, for the professional (§5.2): the form ``aftercare_form``.

See :mod:`bot.situations.aftercare`. Safety: danger or self-harm during this flow gets
112/113 first (data/rules/situations_aftercare.yml); the flow then stops.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.guided import GuidedFormValidation, ask_actions, clear, go_back_events
from actions.knowledge import utter_answer
from bot.knowledge.loader import default_knowledge
from bot.safety import SUICIDE_LINE, is_acute, mentions_self_harm
from bot.situations import aftercare

FORM = "aftercare_form"


class ValidateAftercareForm(GuidedFormValidation):
    """Keeps only answers the flow knows; anything else asks the question again."""

    form = FORM
    slots = aftercare.SLOTS
    normalise = staticmethod(aftercare.normalise)


# action_ask_aftercare_stressor, …_talked, …_leads
ASK_ACTIONS = ask_actions(aftercare.SLOTS, aftercare.question, __name__)


class ActionAftercareAdvice(Action):
    """When all is answered: three short screens of advice and support; answers cleared."""

    def name(self) -> str:
        return "action_aftercare_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        def value(slot: str) -> str:
            return aftercare.normalise(slot, tracker.get_slot(slot)) or aftercare.UNKNOWN

        screens = aftercare.render_aftercare(
            value(aftercare.STRESSOR_SLOT),
            value(aftercare.TALKED_SLOT),
            value(aftercare.LEADS_SLOT),
            default_knowledge(),
            aftercare.support_text(),
        )
        for screen in screens:
            utter_answer(dispatcher, screen)
        return clear(aftercare.SLOTS)


class ActionAftercareBack(Action):
    """'terug': the previous question again."""

    def name(self) -> str:
        return "action_aftercare_back"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return go_back_events(aftercare.SLOTS, tracker)


class ActionAftercareStopped(Action):
    """'stop' (or danger): the answers are forgotten; where support is stays available."""

    def name(self) -> str:
        return "action_aftercare_stopped"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(
            text=f"Oké, we stoppen hier. {aftercare.support_text()}\n\n_{aftercare.NO_DIAGNOSIS}_"
        )
        return clear(aftercare.SLOTS)


class ActionAftercareSafety(Action):
    """Before a side question's answer in this flow: 113 first when the message mentions
    suicide or self-harm, even without a sign of "now" (the general safety net waits for
    one; talking about one's own wellbeing is reason enough). Silent otherwise, and when the
    answer's own safety check will already say it."""

    def name(self) -> str:
        return "action_aftercare_safety"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = (tracker.latest_message or {}).get("text") or ""
        if mentions_self_harm(text) and not is_acute(text):
            dispatcher.utter_message(text=SUICIDE_LINE)
        return []
