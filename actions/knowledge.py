"""Answer knowledge questions from curated entries."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.knowledge.loader import default_knowledge
from bot.render import Answer, render_background, render_entry

RETRIEVAL_INTENT = "knowledge"
ENTRY_SLOT = "entry"
ROLE_SLOT = "role"


def selected_entry_id(tracker: Tracker) -> str | None:
    """The entry the user asked for: a button's ``entry`` entity, else the
    ResponseSelector's choice for the retrieval intent ``knowledge``."""
    message = tracker.latest_message or {}
    if (message.get("intent") or {}).get("name") != RETRIEVAL_INTENT:
        entity = next(tracker.get_latest_entity_values(ENTRY_SLOT), None)
        return entity or tracker.get_slot(ENTRY_SLOT)
    selector = (message.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}
    key = (selector.get("response") or {}).get("intent_response_key") or ""
    prefix = f"{RETRIEVAL_INTENT}/"
    return key[len(prefix) :] if key.startswith(prefix) else None


def asker_role(tracker: Tracker) -> str | None:
    """The role the asker mentioned now ("als wijkagent …") or earlier in the conversation."""
    return next(tracker.get_latest_entity_values(ROLE_SLOT), None) or tracker.get_slot(ROLE_SLOT)


def utter_answer(dispatcher: CollectingDispatcher, answer: Answer) -> None:
    """Send a rendered answer with its buttons."""
    dispatcher.utter_message(text=answer.text, buttons=[b.as_dict() for b in answer.buttons])


class ActionAnswerKnowledge(Action):
    """Render the entry the user asked for; say so plainly when there is none."""

    def name(self) -> str:
        return "action_answer_knowledge"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        knowledge = default_knowledge()
        entry = knowledge.get(selected_entry_id(tracker))
        if entry is None:
            dispatcher.utter_message(response="utter_entry_not_found")
            return [SlotSet(ENTRY_SLOT, None)]
        role = asker_role(tracker)
        if (tracker.latest_message.get("intent") or {}).get("name") == RETRIEVAL_INTENT:
            entry = knowledge.for_role(entry, role)  # a button shows exactly what it names
        utter_answer(dispatcher, render_entry(entry, knowledge, role))
        return [SlotSet(ENTRY_SLOT, entry.id)]


class ActionShowBackground(Action):
    """Background on request: the report's own words behind an entry."""

    def name(self) -> str:
        return "action_show_background"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        entry = default_knowledge().get(selected_entry_id(tracker))
        if entry is None:
            dispatcher.utter_message(response="utter_entry_not_found")
            return [SlotSet(ENTRY_SLOT, None)]
        utter_answer(dispatcher, render_background(entry))
        return [SlotSet(ENTRY_SLOT, entry.id)]
