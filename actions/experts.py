"""Sending a question the report does not answer to the organisation's experts.

``action_ask_expert`` (intent ``ask_expert``: "vraag het een collega", or the button after an
unanswered question or a 👎) shows the user's last typed question redacted and asks to
confirm (:mod:`bot.experts.asking`); ``action_expert_send`` (the *Versturen* button, or "ja"
right after the preview, data/rules/experts.yml) hands it to the channel as the custom
payload ``{"expert_question": …}``, which opens the ticket and posts the experts' card in
the Rasa server (:mod:`bot.experts.desk`); ``action_expert_cancel`` drops it. Nothing is
offered unless the experts' channel is configured (:func:`bot.experts.settings.experts_offered`).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.experts import asking
from bot.experts.asking import QUESTION_SLOT
from bot.experts.settings import experts_offered
from bot.privacy.redact import redact_text
from bot.render import Button
from bot.safety import is_acute

SEND = Button(title=asking.SEND_TITLE, payload=asking.SEND_PAYLOAD)
CANCEL = Button(title=asking.CANCEL_TITLE, payload="/deny")


class ActionAskExpert(Action):
    """The redacted preview of the question to send, with *Versturen* / *Niet versturen*."""

    def name(self) -> str:
        return "action_ask_expert"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        if not experts_offered():
            dispatcher.utter_message(text=asking.NOT_OFFERED)
            return [SlotSet(QUESTION_SLOT, None)]
        question = asking.question_to_send(tracker.events)
        if question is None:
            dispatcher.utter_message(text=asking.NO_QUESTION)
            return [SlotSet(QUESTION_SLOT, None)]
        if is_acute(question):
            dispatcher.utter_message(text=asking.DANGER)
            return [SlotSet(QUESTION_SLOT, None)]
        preview = redact_text(question)
        dispatcher.utter_message(
            text=asking.PREVIEW.format(question=preview),
            buttons=[SEND.as_dict(), CANCEL.as_dict()],
        )
        return [SlotSet(QUESTION_SLOT, preview)]


class ActionExpertSend(Action):
    """Hands the previewed question to the channel, which opens the ticket and says so."""

    def name(self) -> str:
        return "action_expert_send"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        question = tracker.get_slot(QUESTION_SLOT)
        if not question or not experts_offered():
            dispatcher.utter_message(text=asking.NOTHING_TO_SEND)
            return []
        dispatcher.utter_message(json_message={asking.QUESTION_SLOT: question})
        return [SlotSet(QUESTION_SLOT, None)]


class ActionExpertCancel(Action):
    """ "Nee" or *Niet versturen* after the preview."""

    def name(self) -> str:
        return "action_expert_cancel"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        dispatcher.utter_message(text=asking.CANCELLED)
        return [SlotSet(QUESTION_SLOT, None)]
