"""Two-stage fallback: when unsure, offer the closest entries as buttons."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import RETRIEVAL_INTENT, utter_answer
from bot.knowledge import Entry
from bot.knowledge.loader import default_knowledge
from bot.render import render_suggestions

MAX_SUGGESTIONS = 3
MIN_CONFIDENCE = 0.05


def closest_entries(tracker: Tracker, limit: int = MAX_SUGGESTIONS) -> list[Entry]:
    """The entries the ResponseSelector ranked highest for the latest message."""
    message = tracker.latest_message or {}
    selector = (message.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}
    knowledge = default_knowledge()
    entries: list[Entry] = []
    prefix = f"{RETRIEVAL_INTENT}/"
    for candidate in selector.get("ranking") or []:
        key = candidate.get("intent_response_key") or ""
        entry = knowledge.get(key[len(prefix) :] if key.startswith(prefix) else None)
        if entry and candidate.get("confidence", 0.0) >= MIN_CONFIDENCE and entry not in entries:
            entries.append(entry)
        if len(entries) == limit:
            break
    return entries


class ActionAskAffirmation(Action):
    """Replaces Rasa's English "Did you mean ...?" with the closest entries as buttons."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        utter_answer(dispatcher, render_suggestions(closest_entries(tracker)))
        return []
