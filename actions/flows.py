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

from actions.knowledge import ROLE_SLOT, safety_first
from bot.domain import load_domain
from bot.flows import SWITCH_ACTION
from bot.situations import group_reading


def form_answers() -> tuple[str, ...]:
    """What the guided forms asked — every form's required slots in the domain (one source:
    a new form's answers are cleared without being listed here), but not the asker's role,
    which is kept — and the group reading's own progress (answers so far, position)."""
    forms = load_domain()["forms"]
    asked = [slot for spec in forms.values() for slot in spec.get("required_slots") or []]
    kept = {ROLE_SLOT}
    every = [*asked, group_reading.ANSWERS_SLOT, group_reading.INDEX_SLOT]
    return tuple(slot for slot in dict.fromkeys(every) if slot not in kept)


# Cleared when another flow ends a guided form.
FORM_ANSWERS = form_answers()


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
