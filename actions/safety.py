"""Acute danger: 112 (and 113 for self-harm) before anything else — and only then.

When the NLU says ``acute_danger``, :func:`bot.safety.alarm` decides where the line goes:

- **first** when the safety net reads danger now, or when the classifier's calibrated
  probability for acute danger is high (:func:`bot.safety.nlu_says_acute`) and the message
  is not a framed question. If the net stays quiet (e.g. a question about group pressure
  that mentions a fight) the question then also gets its answer: a possible false alarm
  costs one line, never the answer.
- **after** the answer when the message is clearly *about* danger rather than in it
  (:func:`bot.safety.framed_question`): the line is never dropped, only moved.
- **none** when the classifier picked ``acute_danger`` only because its softmax must pick
  something ("ik zit in de auto": a low calibrated probability) and nothing in the message
  reads as danger now: the message is answered as what it most likely is — a statement
  about one's situation, the professional's own distress, or the closest entries.

Inside a guided conversation (a form) the form resumes after this action, at the step it
was on with its answers intact (data/rules/situations_*.yml); this action then says so. The
aftercare conversation, about the asker's own wellbeing, stops instead.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import closest_entries
from actions.knowledge import (
    ENTRY_SLOT,
    asker_role,
    privacy_reminder,
    utter_answer,
    utter_emergency_lines,
)
from actions.support import utter_distress
from bot.conversation import set_in_previous_turn
from bot.knowledge.loader import default_knowledge
from bot.nlu.parse import ranked_entries
from bot.render import entry_button, render_entry, render_suggestions
from bot.safety import ACUTE_INTENT, AFTER, AFTER_CALL, FIRST, NONE, alarm, is_acute
from bot.situations.quick import START_CRISIS

# Entries offered once the situation is safe: de-escalating in a crisis.
CRISIS_ENTRIES = ("provocatie-reageren", "provocatie-collega-signalen", "provocatie-online")
# The aftercare conversation is about the asker's own wellbeing: after 112/113 its questions
# stop (data/rules/situations_aftercare.yml). Every other form asks its question again.
STOPPING_FORMS = frozenset({"aftercare_form"})
# Inside a guided conversation, instead of AFTER_CALL: the form asks its question again.
RESUME_FORM = "Veiligheid staat altijd voorop. Als het veilig is, gaan we verder waar we waren."
# Inside a form, the emergency line was just sent: a "ja" or "nee" next answers it.
DANGER_ASKED_SLOT = "danger_asked"
DANGER_DENIED = "Fijn. Dan gaan we verder waar we waren."
STATEMENT_INTENT = "statement"
DISTRESS_INTENT = "own_distress"


def runner_up_intent(message: dict[str, Any]) -> str | None:
    """The classifier's best intent after ``acute_danger`` (``nlu_fallback`` skipped)."""
    for item in message.get("intent_ranking") or []:
        if item.get("name") not in (ACUTE_INTENT, "nlu_fallback"):
            return item.get("name")
    return None


class ActionAcuteDanger(Action):
    """Tell the user to call 112 (or 113) first when it is needed; then offer guidance."""

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
        where = alarm(text, message)
        if where == NONE:
            return self.not_acute(dispatcher, tracker)
        knowledge = default_knowledge()
        ranked = [i for i, _ in ranked_entries(message) if i in knowledge]
        answer_first = bool(ranked) and where == AFTER
        if not answer_first:
            utter_emergency_lines(dispatcher, text)
        form = (tracker.active_loop or {}).get("name")
        in_form = bool(form) and form not in STOPPING_FORMS
        events = privacy_reminder(dispatcher, tracker)
        if ranked and not is_acute(text, message):
            entry = knowledge[ranked[0]]
            others = [knowledge[i] for i in ranked[1:3]]
            utter_answer(dispatcher, render_entry(entry, knowledge, asker_role(tracker), others))
            if answer_first:
                utter_emergency_lines(dispatcher, text)
            if not in_form:
                events.append(SlotSet(ENTRY_SLOT, entry.id))
        elif in_form:
            dispatcher.utter_message(text=RESUME_FORM)
        else:
            buttons = [entry_button(knowledge[e]) for e in CRISIS_ENTRIES if e in knowledge]
            buttons.append(START_CRISIS)  # the walk-through (actions/crisis.py)
            dispatcher.utter_message(text=AFTER_CALL, buttons=[b.as_dict() for b in buttons])
        if in_form:
            events.append(SlotSet(DANGER_ASKED_SLOT, True))
        return events

    @staticmethod
    def not_acute(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """The classifier said ``acute_danger`` without conviction and nothing reads as
        danger: answer as a statement, as distress, or with the closest entries."""
        intent = runner_up_intent(tracker.latest_message or {})
        reminder = privacy_reminder(dispatcher, tracker)
        if (tracker.active_loop or {}).get("name"):
            pass  # the form asks its question again (data/rules/situations_*.yml)
        elif intent == DISTRESS_INTENT:
            utter_distress(dispatcher)
        elif intent == STATEMENT_INTENT:
            dispatcher.utter_message(response="utter_statement")
        else:
            utter_answer(dispatcher, render_suggestions(closest_entries(tracker)))
        return reminder


class ActionSituationNotUnderstood(Action):
    """Inside the sharing helper or the crisis walk-through, a message the question could
    not use. Danger now gets the emergency line first (and the form asks its question
    again); a "ja" or "nee" in the very next message answers the danger question, not the
    form's: "ja" gets *bel nu 112*. Otherwise: pick a button, 'terug' or 'stop'."""

    def name(self) -> str:
        return "action_situation_not_understood"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        intent = (message.get("intent") or {}).get("name")
        if alarm(text, message) == FIRST:
            utter_emergency_lines(dispatcher, text)
            dispatcher.utter_message(text=RESUME_FORM)
            return [SlotSet(DANGER_ASKED_SLOT, True)]
        asked = set_in_previous_turn(tracker.events, DANGER_ASKED_SLOT)
        if asked and intent == "affirm":
            dispatcher.utter_message(response="utter_danger_confirmed")
        elif asked and intent == "deny":
            dispatcher.utter_message(text=DANGER_DENIED)
        else:
            dispatcher.utter_message(response="utter_situation_not_understood")
        return [SlotSet(DANGER_ASKED_SLOT, False)]
