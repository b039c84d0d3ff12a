"""The tour for new colleagues: start (asking the role if unknown), next, back, "Meer
hierover", resume. The step reached is kept in the progress store, so "verder met de
rondleiding" works after the session expired or the servers restarted."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import asker_role, utter_answer
from actions.onboarding import ONBOARDING_SLOT, TOUR, buttons, progress_store
from bot.knowledge.loader import default_knowledge
from bot.onboarding.tour import NEXT, QUIZ, RESUME, START, STOP, default_tour, role_question
from bot.render import Answer, background_button, entry_view


def show_step(dispatcher: CollectingDispatcher, tracker: Tracker, index: int) -> list[EventType]:
    """Show step ``index`` for the asker's role and remember the next one."""
    tour = default_tour()
    index = max(0, min(index, len(tour) - 1))
    view = tour.view(index, asker_role(tracker))
    last = index == len(tour) - 1
    progress_store().set_tour_step(tracker.sender_id, index + 1, finished=last)
    dispatcher.utter_message(text=view.text, buttons=buttons(*view.buttons))
    return [SlotSet(ONBOARDING_SLOT, TOUR)]


def not_started(dispatcher: CollectingDispatcher) -> list[EventType]:
    dispatcher.utter_message(
        text="Je bent nog niet aan de rondleiding begonnen. Zullen we beginnen?",
        buttons=buttons(START),
    )
    return []


def finished(dispatcher: CollectingDispatcher) -> list[EventType]:
    dispatcher.utter_message(
        text=(
            "Je hebt de rondleiding al helemaal gedaan. Test je kennis met de quiz, of begin "
            "opnieuw."
        ),
        buttons=buttons(QUIZ, START),
    )
    return []


class ActionTourStart(Action):
    """ "Ik ben nieuw", "rondleiding", or the welcome's button: ask the role if it is not
    known (buttons), then the first step."""

    def name(self) -> str:
        return "action_tour_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if asker_role(tracker) is None:
            text, roles = role_question()
            progress = progress_store().progress(tracker.sender_id)
            offers = list(roles)
            if progress.tour_step and not progress.tour_finished:
                offers.append(RESUME)
            dispatcher.utter_message(text=text, buttons=buttons(*offers))
            return [SlotSet(ONBOARDING_SLOT, TOUR)]
        return show_step(dispatcher, tracker, 0)


class ActionTourNext(Action):
    """ "Volgende": the step after the last one shown."""

    def name(self) -> str:
        return "action_tour_next"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        progress = progress_store().progress(tracker.sender_id)
        if progress.tour_step is None:
            # "Volgende" right after the role question: go on without a role (general text).
            if tracker.get_slot(ONBOARDING_SLOT) == TOUR:
                return show_step(dispatcher, tracker, 0)
            return not_started(dispatcher)
        if progress.tour_step >= len(default_tour()):
            return finished(dispatcher)
        return show_step(dispatcher, tracker, progress.tour_step)


class ActionTourResume(Action):
    """ "Verder met de rondleiding": where the user left off, also in a later session."""

    def name(self) -> str:
        return "action_tour_resume"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        progress = progress_store().progress(tracker.sender_id)
        if progress.tour_step is None:
            return not_started(dispatcher)
        if progress.tour_finished or progress.tour_step >= len(default_tour()):
            return finished(dispatcher)
        dispatcher.utter_message(
            text=f"Welkom terug! We gaan verder bij stap {progress.tour_step + 1}."
        )
        return show_step(dispatcher, tracker, progress.tour_step)


class ActionTourBack(Action):
    """ "Terug" in the tour: the step before the last one shown."""

    def name(self) -> str:
        return "action_tour_back"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        progress = progress_store().progress(tracker.sender_id)
        if progress.tour_step is None:
            return not_started(dispatcher)
        return show_step(dispatcher, tracker, progress.tour_step - 2)


class ActionTourMore(Action):
    """ "Meer hierover": the full entry behind the last step shown (the role's own entry
    where the tour has one), with the tour's buttons."""

    def name(self) -> str:
        return "action_tour_more"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        tour = default_tour()
        progress = progress_store().progress(tracker.sender_id)
        if progress.tour_step is None:
            return not_started(dispatcher)
        index = max(0, min(progress.tour_step, len(tour)) - 1)
        role = asker_role(tracker)
        entry = default_knowledge()[tour.view(index, role).entry]
        view = entry_view(entry, role)
        last = index == len(tour) - 1
        onward = (
            (QUIZ, background_button(entry)) if last else (NEXT, background_button(entry), STOP)
        )
        answer = Answer(
            text=view.text,
            buttons=onward,
            entry_id=entry.id,
            view=view,
        )
        utter_answer(dispatcher, answer)
        return [SlotSet("entry", entry.id)]
