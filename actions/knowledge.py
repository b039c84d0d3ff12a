"""Answer knowledge questions from curated entries."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.knowledge import Entry, KnowledgeBase
from bot.knowledge.loader import default_knowledge
from bot.nlu import RETRIEVAL_INTENT, ranked_entries, selected_entry
from bot.render import Answer, render_background, render_entry
from bot.safety import emergency_lines, is_acute

ENTRY_SLOT = "entry"
ROLE_SLOT = "role"
# Below this confidence in the chosen entry, the answer also offers the next candidates.
UNSURE_BELOW = 0.5
MIN_ALTERNATIVE_CONFIDENCE = 0.05


def selected_entry_id(tracker: Tracker) -> str | None:
    """The entry the user asked for: a button's ``entry`` entity, else the
    classifier's choice for the retrieval intent ``knowledge``."""
    message = tracker.latest_message or {}
    if (message.get("intent") or {}).get("name") != RETRIEVAL_INTENT:
        entity = next(tracker.get_latest_entity_values(ENTRY_SLOT), None)
        return entity or tracker.get_slot(ENTRY_SLOT)
    return selected_entry(message)


def asker_role(tracker: Tracker) -> str | None:
    """The role the asker mentioned now ("als wijkagent …") or earlier in the conversation."""
    return next(tracker.get_latest_entity_values(ROLE_SLOT), None) or tracker.get_slot(ROLE_SLOT)


def alternatives(tracker: Tracker, knowledge: KnowledgeBase) -> list[Entry]:
    """When the classifier was unsure of its choice, the entries it ranked next."""
    ranked = ranked_entries(tracker.latest_message or {})
    if not ranked or ranked[0][1] >= UNSURE_BELOW:
        return []
    return [
        knowledge[entry_id]
        for entry_id, confidence in ranked[1:]
        if confidence >= MIN_ALTERNATIVE_CONFIDENCE and entry_id in knowledge
    ]


def utter_emergency_lines(dispatcher: CollectingDispatcher, text: str) -> None:
    """Send the emergency line(s) for ``text``: 113 and/or 112 (bot.safety.emergency_lines)."""
    for line in emergency_lines(text):
        dispatcher.utter_message(text=line)


def safety_first(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Say 112 (or 113) first when the message reads as danger now, even though the NLU
    took it for something else (the acute_danger intent has its own action)."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    if is_acute(text, message):
        utter_emergency_lines(dispatcher, text)


ANSWER_KEY = "answer"


def utter_answer(dispatcher: CollectingDispatcher, answer: Answer) -> None:
    """Send a rendered answer with its buttons; an entry's parts go along under ``answer``
    for channels that lay them out themselves (Teams cards). Rasa passes such extra keys
    to the output channel; the REST channel ignores them."""
    extra = {ANSWER_KEY: answer.view.as_dict()} if answer.view else {}
    dispatcher.utter_message(
        text=answer.text, buttons=[b.as_dict() for b in answer.buttons], **extra
    )


class _EntryAction(Action, ABC):
    """Find the entry the user asked for, render it, remember it; say so plainly when
    there is none. Subclasses choose the entry's variant and how to render it. (Abstract,
    so the action server does not register it.)"""

    @abstractmethod
    def render(self, entry: Entry, knowledge: KnowledgeBase, tracker: Tracker) -> Answer:
        """The answer for ``entry``."""

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
        answer = self.render(entry, knowledge, tracker)
        safety_first(dispatcher, tracker)
        utter_answer(dispatcher, answer)
        return [SlotSet(ENTRY_SLOT, answer.entry_id or entry.id)]


class ActionAnswerKnowledge(_EntryAction):
    """The answer: for a question, the variant for the asker's role where the report has one
    (a button shows exactly the entry it names)."""

    def name(self) -> str:
        return "action_answer_knowledge"

    def render(self, entry: Entry, knowledge: KnowledgeBase, tracker: Tracker) -> Answer:
        role = asker_role(tracker)
        if (tracker.latest_message.get("intent") or {}).get("name") != RETRIEVAL_INTENT:
            return render_entry(entry, knowledge, role)
        others = alternatives(tracker, knowledge)
        return render_entry(knowledge.for_role(entry, role), knowledge, role, others)


class ActionShowBackground(_EntryAction):
    """Background on request: the report's own words behind an entry."""

    def name(self) -> str:
        return "action_show_background"

    def render(self, entry: Entry, knowledge: KnowledgeBase, tracker: Tracker) -> Answer:
        return render_background(entry)
