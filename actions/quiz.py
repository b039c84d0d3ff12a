"""The quiz: a round of five questions with immediate feedback and a score.

The round (its question ids and the answers so far) lives in slots for the session; the
score of a finished round goes to the progress store. Answer buttons name their question,
so a press is judged on its own; a typed answer ("b", "niet waar", "ja") is judged against
the current question.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.onboarding import (
    ONBOARDING_SLOT,
    QUESTIONS_SLOT,
    QUIZ_FLOW,
    RESULTS_SLOT,
    buttons,
    clear_quiz,
    progress_store,
    results,
)
from bot.knowledge.loader import default_knowledge
from bot.onboarding.quiz import (
    ROUND_SIZE,
    Question,
    default_quiz,
    render_feedback,
    render_question,
    render_score,
    typed_choice,
)
from bot.render import Button

NEW_ROUND = Button("Start een ronde", "/start_quiz")
QUIZ_FIRST = (
    "Eerst de quizvraag: kies een antwoord, of typ 'stop' om te stoppen. Daarna beantwoord ik "
    "je vraag graag."
)


def ask(dispatcher: CollectingDispatcher, question: Question, number: int, total: int) -> None:
    answer = render_question(question, number, total)
    dispatcher.utter_message(text=answer.text, buttons=buttons(*answer.buttons))


def open_question(tracker: Tracker) -> tuple[Question, int, int] | None:
    """The quiz question waiting for an answer (with its number and the round's length), or
    None when no round is running or its last question was answered."""
    if tracker.get_slot(ONBOARDING_SLOT) != QUIZ_FLOW:
        return None
    round_ids: list[str] = list(tracker.get_slot(QUESTIONS_SLOT) or [])
    answered = results(tracker)
    if len(answered) >= len(round_ids):
        return None
    question = default_quiz().get(round_ids[len(answered)])
    return None if question is None else (question, len(answered) + 1, len(round_ids))


def ask_first(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """While a quiz question is open, a typed knowledge question waits: the entry that holds
    the answer is not opened, the question is asked again (True); else nothing (False)."""
    waiting = open_question(tracker)
    if waiting is None:
        return False
    dispatcher.utter_message(text=QUIZ_FIRST)
    ask(dispatcher, *waiting)
    return True


def start_round(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Five questions, in an order seeded by the user's key and round number."""
    bank, store = default_quiz(), progress_store()
    played = len(store.progress(tracker.sender_id).rounds)
    questions = bank.draw(f"{store.key(tracker.sender_id)}:{played}", ROUND_SIZE)
    dispatcher.utter_message(
        text=(
            f"Quiz: {len(questions)} vragen over het rapport. Kies steeds een antwoord; je hoort "
            "meteen of het klopt en waar het in het rapport staat. Typ 'stop' om te stoppen."
        )
    )
    ask(dispatcher, bank[questions[0]], 1, len(questions))
    return [
        SlotSet(ONBOARDING_SLOT, QUIZ_FLOW),
        SlotSet(QUESTIONS_SLOT, questions),
        SlotSet(RESULTS_SLOT, []),
    ]


class ActionQuizStart(Action):
    """A new round (also in the middle of one: that one is dropped)."""

    def name(self) -> str:
        return "action_quiz_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return start_round(dispatcher, tracker)


def _choice(tracker: Tracker, question: Question) -> int | None:
    """The option chosen: a button's ``choice``, a typed answer, or ja/nee for true/false."""
    entity = next(tracker.get_latest_entity_values("choice"), None)
    if entity is not None:
        return int(entity) if entity.isdigit() else None
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    if question.type == "true_false" and intent in {"affirm", "deny"}:
        return 1 if intent == "affirm" else 2
    return typed_choice(question, (tracker.latest_message or {}).get("text") or "")


class ActionQuizAnswer(Action):
    """Judge an answer, explain it with its source, then the next question or the score."""

    def name(self) -> str:
        return "action_quiz_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        bank = default_quiz()
        round_ids: list[str] = list(tracker.get_slot(QUESTIONS_SLOT) or [])
        answered = results(tracker)
        current = round_ids[len(answered)] if len(answered) < len(round_ids) else None
        named = next(tracker.get_latest_entity_values("question"), None)
        question = bank.get(named or current)
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if question is None and intent == "affirm":  # "ja" to "Nog een ronde?"
            return start_round(dispatcher, tracker)
        if question is None and intent == "deny":
            dispatcher.utter_message(
                text="Oké. Stel gerust een vraag, of typ 'quiz' voor een ronde."
            )
            return []
        if question is None:
            dispatcher.utter_message(
                text="Er loopt nu geen quiz. Wil je een ronde doen?", buttons=buttons(NEW_ROUND)
            )
            return []
        if question.id in {q for q, _ in answered}:
            dispatcher.utter_message(text="Die vraag heb je al beantwoord.")
            if current:
                ask(dispatcher, bank[current], len(answered) + 1, len(round_ids))
            return []
        choice = _choice(tracker, question)
        if choice is None or not 1 <= choice <= len(question.options):
            letters = "A, B, C of D"[: 3 * len(question.options) - 1].replace(", D", "")
            hint = "Waar of Niet waar" if question.type == "true_false" else letters
            dispatcher.utter_message(text=f"Kies {hint}, of tik op een van de knoppen.")
            ask(dispatcher, question, len(answered) + 1, max(len(round_ids), 1))
            return []
        dispatcher.utter_message(text=render_feedback(question, choice))
        if question.id != current:
            # A button from an earlier round or session: judged, but not counted.
            dispatcher.utter_message(
                text="Deze vraag hoorde niet bij een lopende ronde en telt niet mee.",
                buttons=buttons(NEW_ROUND),
            )
            return []
        answered.append((question.id, question.is_correct(choice)))
        encoded = [f"{q}={int(ok)}" for q, ok in answered]
        if len(answered) < len(round_ids):
            ask(dispatcher, bank[round_ids[len(answered)]], len(answered) + 1, len(round_ids))
            return [SlotSet(RESULTS_SLOT, encoded)]
        score = sum(ok for _, ok in answered)
        progress_store().record_round(tracker.sender_id, score, len(answered))
        missed = [bank[q] for q, ok in answered if not ok]
        summary = render_score(score, len(answered), missed, default_knowledge())
        dispatcher.utter_message(text=summary.text, buttons=buttons(*summary.buttons))
        # The slot stays "quiz" (rules want only "stop" to clear it): "ja" now starts a new round.
        return clear_quiz()
