"""Acute danger: 112 (and 113 for self-harm) before anything else.

When the NLU says ``acute_danger`` but the message does not read as danger now (the safety
net in :mod:`bot.safety` stays quiet: e.g. a question about group pressure that mentions a
fight), the emergency line still comes first, and then the question gets its answer — a
possible false alarm costs one line, never the answer. When the message is clearly *about*
danger rather than in it (:func:`bot.safety.framed_question`: a film, a lesson, a protocol,
the past, "als ik hoor …", with no scene and no "NU"/"help"), the answer comes first and
the emergency line right after it: the line is never dropped, only moved.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import ENTRY_SLOT, asker_role, utter_answer, utter_emergency_lines
from bot.knowledge.loader import default_knowledge
from bot.nlu import ranked_entries
from bot.quick import START_CRISIS
from bot.render import entry_button, render_entry
from bot.safety import AFTER, AFTER_CALL, alarm, is_acute

# Entries offered once the situation is safe: de-escalating in a crisis.
CRISIS_ENTRIES = ("provocatie-reageren", "provocatie-collega-signalen", "provocatie-online")


class ActionAcuteDanger(Action):
    """Tell the user to call 112 (or 113) first; offer crisis guidance after that."""

    def name(self) -> str:
        return "action_acute_danger"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        knowledge = default_knowledge()
        ranked = [i for i, _ in ranked_entries(message) if i in knowledge]
        answer_first = bool(ranked) and alarm(text, message) == AFTER
        if not answer_first:
            utter_emergency_lines(dispatcher, text)
        if ranked and not is_acute(text, message):
            entry = knowledge[ranked[0]]
            others = [knowledge[i] for i in ranked[1:3]]
            utter_answer(dispatcher, render_entry(entry, knowledge, asker_role(tracker), others))
            if answer_first:
                utter_emergency_lines(dispatcher, text)
            return [SlotSet(ENTRY_SLOT, entry.id)]
        buttons = [entry_button(knowledge[e]).as_dict() for e in CRISIS_ENTRIES if e in knowledge]
        if (tracker.active_loop or {}).get("name") != "crisis_form":
            buttons.append(START_CRISIS.as_dict())  # the walk-through (actions/situations.py)
        dispatcher.utter_message(text=AFTER_CALL, buttons=buttons)
        return []
