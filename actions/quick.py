"""Quick lookups: one screen per situation (``/provocatie``, "snel: …"), from
:mod:`bot.situations.quick`."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.knowledge import ROLE_SLOT, asker_role, safety_first, utter_answer
from bot.knowledge.loader import default_knowledge
from bot.situations.quick import TOPIC_ENTITY, normalise_topic, render_quick


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
