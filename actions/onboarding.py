"""Shared by the tour and the quiz: the progress store, stopping, and "wat heb ik al gedaan?".

The ``onboarding`` slot says which guided conversation runs (``tour``, ``quiz`` or none), so
that rules for "stop", "ja", "nee" and "terug" inside it win over the ones outside
(data/rules/onboarding.yml). It lasts for the Rasa session; what must last longer (tour step,
quiz rounds) is in the progress store (bot/onboarding/progress.py), keyed by a hash of the user id.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.onboarding.progress import ProgressStore, render_progress
from bot.onboarding.quiz import default_quiz
from bot.onboarding.tour import QUIZ, RESUME, START, default_tour
from bot.render import Button

ONBOARDING_SLOT = "onboarding"
QUESTIONS_SLOT = "quiz_questions"
RESULTS_SLOT = "quiz_results"
TOUR, QUIZ_FLOW = "tour", "quiz"

# Load and validate the tour and the quiz bank when the action server starts: invalid data
# stops it at start-up with every problem named, as for the knowledge base.
default_tour()
default_quiz()


@lru_cache(maxsize=1)
def progress_store() -> ProgressStore:
    """The store named by the environment (``WEGWIJZER_PROGRESS_DB``), opened once."""
    return ProgressStore.from_environment()


def buttons(*items: Button) -> list[dict[str, str]]:
    return [b.as_dict() for b in items]


def clear_quiz() -> list[EventType]:
    return [SlotSet(QUESTIONS_SLOT, None), SlotSet(RESULTS_SLOT, None)]


def results(tracker: Tracker) -> list[tuple[str, bool]]:
    """The current round's answers so far: (question id, correct)."""
    pairs = [item.rsplit("=", 1) for item in tracker.get_slot(RESULTS_SLOT) or []]
    return [(question, flag == "1") for question, flag in pairs]


class ActionOnboardingStop(Action):
    """ "Stoppen" in the tour or the quiz: pause the tour (it can be resumed) or end the
    round (an unfinished round does not count)."""

    def name(self) -> str:
        return "action_onboarding_stop"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if tracker.get_slot(ONBOARDING_SLOT) == QUIZ_FLOW and not tracker.get_slot(QUESTIONS_SLOT):
            dispatcher.utter_message(text="Er loopt nu geen quiz meer. Stel gerust een vraag.")
            return [SlotSet(ONBOARDING_SLOT, None), *clear_quiz()]
        if tracker.get_slot(ONBOARDING_SLOT) == QUIZ_FLOW:
            answered = results(tracker)
            score = sum(correct for _, correct in answered)
            dispatcher.utter_message(
                text=(
                    f"De quiz is gestopt. Je had {score} van de {len(answered)} beantwoorde "
                    "vragen goed; een onafgemaakte ronde telt niet mee. Stel gerust een vraag."
                ),
                buttons=buttons(Button("Nieuwe ronde", "/start_quiz")),
            )
            return [SlotSet(ONBOARDING_SLOT, None), *clear_quiz()]
        progress = progress_store().progress(tracker.sender_id)
        step = progress.tour_step or 0
        if step >= len(default_tour()):
            dispatcher.utter_message(
                text="Je hebt de rondleiding afgerond. Stel gerust een vraag, of doe de quiz.",
                buttons=buttons(QUIZ),
            )
            return [SlotSet(ONBOARDING_SLOT, None)]
        dispatcher.utter_message(
            text=(
                f"De rondleiding staat op pauze na stap {step} van {len(default_tour())}. "
                "Zeg 'verder met de rondleiding' wanneer je wilt doorgaan; je voortgang blijft "
                "bewaard. Stel intussen gerust een vraag."
            ),
            buttons=buttons(RESUME),
        )
        return [SlotSet(ONBOARDING_SLOT, None)]


class ActionShowProgress(Action):
    """ "Wat heb ik al gedaan?": tour step and quiz rounds, with what to do next."""

    def name(self) -> str:
        return "action_show_progress"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        tour = default_tour()
        progress = progress_store().progress(tracker.sender_id)
        offers = []
        if progress.tour_step is None:
            offers.append(START)
        elif not progress.tour_finished:
            offers.append(RESUME)
        offers.append(QUIZ)
        dispatcher.utter_message(
            text=render_progress(progress, len(tour)), buttons=buttons(*offers)
        )
        return []
