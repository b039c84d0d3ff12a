"""Feedback on an answer: 👍 or 👎 from a card or button, and a comment after a 👎.

The buttons send ``/feedback{"entry": "<id>", "rating": "up"|"down"}``, bypassing the NLU.
The rating is kept the way everything in a conversation is kept: as the user event, with
its entities, in the tracker store (redacted, under the retention rules). After a 👎 the
``feedback_form`` asks what was missing (``utter_ask_feedback_comment``) and keeps the next
message as the slot ``feedback_comment`` (redacted like every slot value);
``make insights`` links it to the entry rated (scripts/operate/insights.py).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

RATINGS = {"up", "down"}
THANKS = "Dank je voor je feedback."
THANKS_COMMENT = (
    "Dank je, je opmerking is bewaard. De beheerders van de kennisbank gebruiken haar om "
    "de antwoorden te verbeteren."
)
RATING_SLOT = "feedback_rating"
COMMENT_SLOT = "feedback_comment"


class ActionFeedback(Action):
    """Thanks for a 👍; after a 👎 says nothing itself: the feedback form asks what was
    missing (data/rules/feedback.yml)."""

    def name(self) -> str:
        return "action_feedback"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        rating = next(tracker.get_latest_entity_values("rating"), None)
        if rating != "down":
            dispatcher.utter_message(text=THANKS)
        return []


class ActionFeedbackComment(Action):
    """Thanks for the comment after a 👎 and clears the feedback slots for the next one."""

    def name(self) -> str:
        return "action_feedback_comment"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        dispatcher.utter_message(text=THANKS_COMMENT)
        return [SlotSet(COMMENT_SLOT, None), SlotSet(RATING_SLOT, None)]
