"""Another flow started inside a guided form: ``action_flow_switched`` ends the form.

data/rules/flow_switch.yml (written from :mod:`bot.flows`) runs it after
``action_deactivate_loop`` and before the new flow's first step: 112/113 first if the
message reads as danger now, then one line saying the previous questions stopped, and the
answers of every guided form cleared (as 'stop' does; the asker's role is kept).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import COMMENT_SLOT
from actions.knowledge import safety_first
from actions.situation_phase import OWN_SLOTS as PHASE_SLOTS
from bot.flows import SWITCH_ACTION
from bot.situations import aftercare, crisis, duiding, sharing

# What each guided form asked; cleared when another flow ends it.
FORM_ANSWERS: tuple[str, ...] = (
    *sharing.SLOTS,
    *crisis.SLOTS,
    *PHASE_SLOTS,
    *aftercare.SLOTS,
    duiding.ANSWER_SLOT,
    duiding.ANSWERS_SLOT,
    duiding.INDEX_SLOT,
    COMMENT_SLOT,
)


class ActionFlowSwitched(Action):
    """The previous guided form was ended for a new flow: say so, forget its answers."""

    def name(self) -> str:
        return SWITCH_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        safety_first(dispatcher, tracker)
        dispatcher.utter_message(response="utter_previous_flow_stopped")
        return [SlotSet(slot, None) for slot in FORM_ANSWERS if tracker.get_slot(slot) is not None]
