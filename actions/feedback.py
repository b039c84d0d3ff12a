"""Feedback on an answer: 👍 or 👎 from a card or button.

The buttons send ``/feedback{"entry": "<id>", "rating": "up"|"down"}``, bypassing the NLU.
The rating is kept the way everything in a conversation is kept: as the user event, with
its entities, in the tracker store (under the retention rules); curators read it from
there. The action only thanks the user, and asks what was missing after a 👎.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

RATINGS = {"up", "down"}
THANKS = "Dank je voor je feedback."
ASK_MORE = (
    "Dank je. Wat miste je? Je kunt het hier typen; noem geen namen of andere gegevens "
    "van personen."
)


class ActionFeedback(Action):
    """Thanks for a rating; after a 👎 invites a comment."""

    def name(self) -> str:
        return "action_feedback"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        rating = next(tracker.get_latest_entity_values("rating"), None)
        dispatcher.utter_message(text=ASK_MORE if rating == "down" else THANKS)
        return []
