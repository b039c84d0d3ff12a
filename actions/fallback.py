"""Two-stage fallback: when unsure, offer the three closest entries as buttons.

"Closest" combines the classifier's ranking with a lexical search on spaCy lemmas
(:mod:`bot.knowledge.search`) by reciprocal rank fusion. A message that refers back to the
answer just given ("en als dat niet lukt?") is answered in that context instead
(:func:`bot.context.resolve`, issue 14).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import (
    ENTRY_SLOT,
    asker_role,
    entry_for_asker,
    follow_up_entry,
    safety_first,
    utter_answer,
)
from bot.context import refers_back
from bot.knowledge import Entry
from bot.knowledge.loader import default_knowledge
from bot.knowledge.search import default_index, fuse
from bot.nlu.parse import ranked_entries
from bot.render import render_entry, render_suggestions

MAX_SUGGESTIONS = 3
MIN_CONFIDENCE = 0.05
CANDIDATES = 10

default_index()  # build the lemma index when the action server starts, not on a request


def selector_ranking(tracker: Tracker) -> list[str]:
    """Entry ids the classifier ranked for the latest message, best first."""
    ranked = ranked_entries(tracker.latest_message or {})[:CANDIDATES]
    return [entry_id for entry_id, confidence in ranked if confidence >= MIN_CONFIDENCE]


def closest_entries(tracker: Tracker, limit: int = MAX_SUGGESTIONS) -> list[Entry]:
    """The entries closest to the latest message, by classifier and by words."""
    knowledge = default_knowledge()
    text = (tracker.latest_message or {}).get("text") or ""
    lexical = [e.id for e, _ in default_index().search(text, CANDIDATES)]
    ranked = fuse(selector_ranking(tracker), lexical)
    return [knowledge[i] for i in ranked if i in knowledge][:limit]


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
        safety_first(dispatcher, tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        knowledge = default_knowledge()
        if refers_back(text) and (entry := follow_up_entry(tracker, knowledge)) is not None:
            # Unsure on its own, but it refers back to the answer just given (issue 14).
            entry = entry_for_asker(entry, knowledge, tracker)
            utter_answer(dispatcher, render_entry(entry, knowledge, asker_role(tracker)))
            return [SlotSet(ENTRY_SLOT, entry.id)]
        utter_answer(dispatcher, render_suggestions(closest_entries(tracker)))
        return []
