"""The conversation around the answers: everyday statements, the professional's own
distress, and follow-ups read against what came before (issue 14).

- ``action_statement``: "ik zit in de auto", "hij wil met me praten" — a statement about
  one's situation gets a short acknowledgement and a way in, no alarm.
- ``action_own_distress``: "ik word zelf bedreigd op snap en ik slaap slecht" — acknowledged,
  with the organisation's own support text and the aftercare conversation for professionals
  (§5.2) offered.

Each hands the message over to ``action_acute_danger`` when :func:`bot.safety.alarm` puts
the emergency line first (the net reads danger now, or the calibrated classifier does).
- ``action_follow_up``: "kan dat ook online?", "en als ik het niet doe?" — answered from the
  current topic's neighbourhood (:mod:`bot.context`); after an alarm, "wat moet ik nu
  doen" offers the crisis walk-through; after distress, "met wie kan ik daarover praten"
  gets the support text again.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import closest_entries
from actions.knowledge import (
    ENTRY_SLOT,
    asker_role,
    follow_up_entry,
    follow_up_variant,
    perspective_role,
    privacy_reminder,
    utter_answer,
)
from actions.safety import ActionAcuteDanger
from actions.support import utter_distress
from bot.conversation import previous_action
from bot.knowledge.loader import default_knowledge
from bot.render import entry_button, render_entry, render_suggestions
from bot.safety import FIRST, alarm
from bot.situations.quick import START_CRISIS

DISTRESS_ACTION = "action_own_distress"
ALARM_ACTION = "action_acute_danger"
# After an alarm: the crisis entries next to the walk-through.
CRISIS_ENTRIES = ("kritische-besluitvorming-stappen", "deescalatie-tactieken")
AFTER_ALARM_TEXT = (
    "Is er nog direct gevaar? Bel dan eerst 112. Is de situatie veilig, dan kan ik je stap "
    "voor stap door de crisis leiden, met het beslismodel uit het rapport."
)


class _SafeReply(Action, ABC):
    """An action for a message the NLU took as harmless (a statement, distress, a
    follow-up): when :func:`bot.safety.alarm` still puts the emergency line first (the net
    reads danger now, or the calibrated classifier does), the message is handed over to
    ``action_acute_danger``; otherwise the privacy reminder (once) and :meth:`reply`.
    (Abstract, so the action server does not register it.)"""

    @abstractmethod
    def reply(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Say what the action says; return its events."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        message = tracker.latest_message or {}
        if alarm(message.get("text") or "", message) == FIRST:
            return await ActionAcuteDanger().run(dispatcher, tracker, domain)
        reminder = privacy_reminder(dispatcher, tracker)
        return reminder + self.reply(dispatcher, tracker)


class ActionStatement(_SafeReply):
    """A statement about one's situation: acknowledged, with a way in; no alarm."""

    def name(self) -> str:
        return "action_statement"

    def reply(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        dispatcher.utter_message(response="utter_statement")
        return []


class ActionOwnDistress(_SafeReply):
    """The professional's own distress: acknowledged, support, the aftercare conversation."""

    def name(self) -> str:
        return DISTRESS_ACTION

    def reply(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        utter_distress(dispatcher)
        return []


class ActionFollowUp(_SafeReply):
    """A message that refers back, read against the turn before it."""

    def name(self) -> str:
        return "action_follow_up"

    def reply(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        knowledge = default_knowledge()
        before = previous_action(tracker.events)
        if before == ALARM_ACTION:
            buttons = [START_CRISIS] + [entry_button(knowledge[e]) for e in CRISIS_ENTRIES]
            dispatcher.utter_message(text=AFTER_ALARM_TEXT, buttons=[b.as_dict() for b in buttons])
        elif before == DISTRESS_ACTION:
            utter_distress(dispatcher)
        elif (entry := follow_up_entry(tracker, knowledge)) is not None:
            entry = follow_up_variant(entry, knowledge, tracker)
            answer = render_entry(
                entry, knowledge, asker_role(tracker), perspective=perspective_role(tracker)
            )
            utter_answer(dispatcher, answer)
            return [SlotSet(ENTRY_SLOT, entry.id)]
        else:
            # Nothing to follow up on: the closest entries, as the fallback offers them.
            utter_answer(dispatcher, render_suggestions(closest_entries(tracker)))
        return []
