"""Reading a group with the duidingsinstrument (appendix): the form ``group_reading_form``.

One requested slot, ``group_answer``, is asked again for every item; the validation moves
the position (``group_index``) and keeps the choices (``group_answers``). When the last
item is answered the form ends and the filled-in instrument comes back as Markdown; 'stop'
hands back what was answered so far. See :mod:`bot.situations.group_reading`.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.guided import STOPPED, StepsAsideForAnotherFlow
from actions.knowledge import utter_answer
from bot.knowledge.loader import default_knowledge
from bot.situations import group_reading

FORM = "group_reading_form"


def progress_of(tracker: Tracker) -> group_reading.Progress:
    return group_reading.from_slots(
        tracker.get_slot(group_reading.INDEX_SLOT), tracker.get_slot(group_reading.ANSWERS_SLOT)
    )


def progress_events(progress: group_reading.Progress) -> list[EventType]:
    return [
        SlotSet(group_reading.INDEX_SLOT, progress.index),
        SlotSet(group_reading.ANSWERS_SLOT, dict(progress.answers or {})),
    ]


def clear_events() -> list[EventType]:
    return [
        SlotSet(s, None)
        for s in (group_reading.ANSWER_SLOT, group_reading.ANSWERS_SLOT, group_reading.INDEX_SLOT)
    ]


class ValidateGroupReadingForm(StepsAsideForAnotherFlow):
    """Records each answer and moves on; the form ends after the last item."""

    def name(self) -> str:
        return f"validate_{FORM}"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        return [] if progress_of(tracker).done else domain_slots

    async def validate_group_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        progress = progress_of(tracker).answer(str(value or ""))
        return {
            group_reading.ANSWER_SLOT: None,
            group_reading.INDEX_SLOT: progress.index,
            group_reading.ANSWERS_SLOT: dict(progress.answers or {}),
        }


class ActionAskGroupAnswer(Action):
    """The current item's question (the first item of a pillar names the pillar)."""

    def name(self) -> str:
        return "action_ask_group_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        utter_answer(
            dispatcher, group_reading.render_question(progress_of(tracker), default_knowledge())
        )
        return []


class ActionGroupReadingResult(Action):
    """The filled-in instrument as Markdown (complete, or up to where the team stopped);
    the answers are then cleared from the slots."""

    def name(self) -> str:
        return "action_group_reading_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        progress = progress_of(tracker)
        if not progress.answers:
            dispatcher.utter_message(text=STOPPED)
            return clear_events()
        answer = group_reading.render_result(progress, default_knowledge(), complete=progress.done)
        utter_answer(dispatcher, answer)
        return clear_events()


class ActionGroupReadingBack(Action):
    """'terug': the previous item again, its answer removed."""

    def name(self) -> str:
        return "action_group_reading_back"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return progress_events(progress_of(tracker).back())
