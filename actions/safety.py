"""Acute danger: 112 (and 113 for self-harm) before anything else."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.knowledge.loader import default_knowledge
from bot.render import entry_button
from bot.safety import AFTER_CALL, emergency_lines

# Entries offered once the situation is safe: de-escalating in a crisis.
CRISIS_ENTRIES = ("provocatie-reageren", "provocatie-collega-signalen", "provocatie-online")


class ActionAcuteDanger(Action):
    """Tell the user to call 112 (or 113) first; offer crisis guidance after that."""

    def name(self) -> str:
        return "action_acute_danger"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        text = (tracker.latest_message or {}).get("text") or ""
        for line in emergency_lines(text):
            dispatcher.utter_message(text=line)
        knowledge = default_knowledge()
        buttons = [entry_button(knowledge[e]).as_dict() for e in CRISIS_ENTRIES if e in knowledge]
        dispatcher.utter_message(text=AFTER_CALL, buttons=buttons)
        return []
