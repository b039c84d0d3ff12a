"""Questions about the conversation itself, answered in place (issue 18).

- ``action_about_question``: inside a guided form, "waarom vraag je dat?", "wat betekent dit
  item eigenlijk?", "wat bedoel je hiermee?" (intents ``about_question`` and ``follow_up``):
  the entry behind the open question, with its source (:mod:`bot.situations.why`); the
  form then asks its question again (data/rules/situations_*.yml).
- ``action_tour_recap``: in the tour, "wacht, wat was stap 2 ook alweer?": that step again,
  or the current one when no number is named; the tour goes on from where it was.
- ``action_quiz_about``: in the quiz, what the quiz is for, and the open question again.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.guided import REQUESTED_SLOT
from actions.knowledge import asker_role, safety_first, utter_answer
from actions.onboarding import buttons, progress_store
from actions.quiz import ask, open_question
from bot.knowledge.loader import default_knowledge
from bot.onboarding.tour import default_tour
from bot.situations.group_reading import INDEX_SLOT
from bot.situations.why import render_why, why_entry

NOT_KNOWN = (
    "Deze vraag helpt me je situatie te plaatsen, zodat ik het juiste deel van het rapport "
    "laat zien."
)
QUIZ_ABOUT = (
    "De quiz toetst wat je weet van het rapport: na elk antwoord zie je of het klopt en waar "
    "het in het rapport staat. Typ 'stop' om te stoppen."
)
_NUMBER = re.compile(r"\b(\d{1,2})\b")
_WORDS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6,
          "zevende": 7, "achtste": 8, "negende": 9}  # fmt: skip


class ActionAboutQuestion(Action):
    """Why a guided form asks its open question, from the entry behind it."""

    def name(self) -> str:
        return "action_about_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        safety_first(dispatcher, tracker)
        entry = why_entry(tracker.get_slot(REQUESTED_SLOT), tracker.get_slot(INDEX_SLOT))
        if entry is None:
            dispatcher.utter_message(text=NOT_KNOWN)
        else:
            utter_answer(dispatcher, render_why(entry, default_knowledge()))
        return []


def step_named(text: str) -> int | None:
    """The step number a message names ("stap 2", "de tweede stap"), else None."""
    if found := _NUMBER.search(text):
        return int(found.group(1))
    words = text.lower().split()
    return next((_WORDS[w] for w in words if w in _WORDS), None)


class ActionTourRecap(Action):
    """A step of the tour again, without moving the tour on."""

    def name(self) -> str:
        return "action_tour_recap"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        tour = default_tour()
        # The index of the next step to show (set_tour_step stores index + 1 of the last shown).
        reached = progress_store().progress(tracker.sender_id).tour_step or 0
        named = step_named((tracker.latest_message or {}).get("text") or "")
        index = (named - 1) if named else max(reached - 1, 0)
        index = min(max(index, 0), len(tour) - 1)
        view = tour.view(index, asker_role(tracker))
        dispatcher.utter_message(text=view.text)
        if reached < len(tour):
            dispatcher.utter_message(
                text=f"Verder met de rondleiding? Je was bij stap {reached + 1}.",
                buttons=buttons(*view.buttons[:1]),
            )
        return []


class ActionQuizAbout(Action):
    """What the quiz is for, and the open question again."""

    def name(self) -> str:
        return "action_quiz_about"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(text=QUIZ_ABOUT)
        if (waiting := open_question(tracker)) is not None:
            ask(dispatcher, *waiting)
        return []
