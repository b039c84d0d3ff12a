"""The tour, quiz and progress actions on rasa-sdk trackers, with a real SQLite store."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import onboarding
from actions.onboarding import ActionOnboardingStop, ActionShowProgress
from actions.quiz import ActionQuizAnswer, ActionQuizStart
from actions.tour import (
    ActionTourBack,
    ActionTourMore,
    ActionTourNext,
    ActionTourResume,
    ActionTourStart,
)
from bot.onboarding.quiz import default_quiz
from bot.onboarding.tour import default_tour


@pytest.fixture(autouse=True)
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("WEGWIJZER_PROGRESS_DB", str(tmp_path / "progress.db"))
    monkeypatch.setenv("WEGWIJZER_PROGRESS_SECRET", "test")
    onboarding.progress_store.cache_clear()
    yield
    onboarding.progress_store.cache_clear()


def tracker(
    intent: str, text: str = "", sender: str = "nieuw", entities: dict[str, str] | None = None,
    **slots: Any,
) -> Tracker:  # fmt: skip
    found = [{"entity": k, "value": v} for k, v in (entities or {}).items()]
    return Tracker(
        sender_id=sender,
        slots={"role": None, "entry": None, "onboarding": None, "quiz_questions": None,
               "quiz_results": None, **slots},
        latest_message={"text": text or f"/{intent}", "intent": {"name": intent},
                        "entities": found},
        events=[], paused=False, followup_action=None, active_loop={},
        latest_action_name="action_listen",
    )  # fmt: skip


def run(action: Action, tracker: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def titles(message: dict[str, Any]) -> list[str]:
    return [b["title"] for b in message.get("buttons") or []]


def test_the_tour_asks_the_role_first_then_walks_the_steps() -> None:
    (question,), events = run(ActionTourStart(), tracker("start_tour", "ik ben nieuw"))
    assert "Voor welke rol" in question["text"]
    assert titles(question) == ["Jongerenwerker", "Politie", "Gemeente", "Iets anders"]
    assert events == [SlotSet("onboarding", "tour")]

    (step,), events = run(ActionTourStart(), tracker("start_tour", role="jongerenwerker"))
    assert step["text"].startswith("**Rondleiding 1/9: De cyclus in drie fases**")
    assert step["text"].splitlines()[-1].startswith("Bron: Greijdanus e.a. (2023), §Conclusies")
    assert titles(step) == ["Volgende", "Meer hierover", "Stoppen"]
    assert events == [SlotSet("onboarding", "tour")]

    for number in range(2, 6):
        (step,), _ = run(ActionTourNext(), tracker("next_step", role="jongerenwerker"))
        assert step["text"].startswith(f"**Rondleiding {number}/9")
    assert "Voor jou als jongerenwerker (Tabel 2)" in step["text"]

    (more,), events = run(ActionTourMore(), tracker("tour_more", role="jongerenwerker"))
    assert more["text"].startswith("**Informatie delen als jongerenwerker**")
    assert more["answer"]["entry"] == "informatiedeling-jongerenwerker"  # Teams lays it out
    assert titles(more) == ["Volgende", "Uit het rapport", "Stoppen"]

    (back,), _ = run(ActionTourBack(), tracker("go_back"))
    assert back["text"].startswith("**Rondleiding 4/9")


def test_stop_pauses_and_a_new_session_resumes_where_it_left_off() -> None:
    run(ActionTourStart(), tracker("start_tour", role="politie"))
    run(ActionTourNext(), tracker("next_step", role="politie"))
    (paused,), events = run(ActionOnboardingStop(), tracker("stop", "stoppen", onboarding="tour"))
    assert "op pauze na stap 2 van 9" in paused["text"]
    assert titles(paused) == ["Verder met de rondleiding"]
    assert events == [SlotSet("onboarding", None)]

    # a later session: no slots, not even the role
    welcome, step = run(ActionTourResume(), tracker("resume_tour"))[0]
    assert welcome["text"] == "Welkom terug! We gaan verder bij stap 3."
    assert step["text"].startswith("**Rondleiding 3/9")

    (progress,), _ = run(ActionShowProgress(), tracker("show_progress"))
    assert progress["text"].startswith("Rondleiding: 3 van de 9 stappen gedaan.")
    assert titles(progress) == ["Verder met de rondleiding", "Doe de quiz"]


def test_the_last_step_finishes_the_tour_and_offers_the_quiz() -> None:
    run(ActionTourStart(), tracker("start_tour", role="gemeente"))
    for _ in range(len(default_tour()) - 1):
        (step,), events = run(ActionTourNext(), tracker("next_step"))
    assert step["text"].startswith("**Rondleiding 9/9: Zorg goed voor jezelf**")
    assert titles(step) == ["Doe de quiz", "Meer hierover", "Stoppen"]
    assert events == [SlotSet("onboarding", "tour")]  # only "stop" clears it (see the rules)
    (done,), _ = run(ActionTourNext(), tracker("affirm", "ja", onboarding="tour"))
    assert done["text"].startswith("Je hebt de rondleiding al helemaal gedaan")
    (stop,), events = run(ActionOnboardingStop(), tracker("stop", onboarding="tour"))
    assert stop["text"].startswith("Je hebt de rondleiding afgerond.")
    assert events == [SlotSet("onboarding", None)]


def test_next_before_any_tour_offers_to_start() -> None:
    (message,), _ = run(ActionTourNext(), tracker("next_step", sender="vreemde"))
    assert titles(message) == ["Rondleiding voor nieuwe collega's"]


def test_next_at_the_role_question_starts_the_tour_without_a_role() -> None:
    """ "Volgende" instead of a role button: the first step with the general text."""
    (question,), events = run(ActionTourStart(), tracker("start_tour", sender="zonder-rol"))
    assert "Voor welke rol" in question["text"]
    (step,), _ = run(ActionTourNext(), tracker("next_step", sender="zonder-rol", onboarding="tour"))
    assert step["text"].startswith("**Rondleiding 1/9")


def _start_quiz(sender: str = "quizzer") -> tuple[list[str], list[dict[str, Any]]]:
    messages, events = run(ActionQuizStart(), tracker("start_quiz", sender=sender))
    slots = {e["name"]: e["value"] for e in events}
    assert slots["onboarding"] == "quiz" and slots["quiz_results"] == []
    return slots["quiz_questions"], messages


def test_a_quiz_round_gives_feedback_then_a_score_and_is_recorded() -> None:
    bank = default_quiz()
    questions, (intro, first) = _start_quiz()
    assert intro["text"].startswith("Quiz: 5 vragen")
    assert first["text"].startswith("**Vraag 1 van 5**")
    assert first["buttons"][0]["payload"].startswith(f'/quiz_answer{{"question":"{questions[0]}"')
    results: list[str] = []
    for number, question_id in enumerate(questions):
        question = bank[question_id]
        wrong = number == 2  # miss the third question
        choice = (
            question.correct_choice % len(question.options) + 1
            if wrong
            else question.correct_choice
        )
        messages, events = run(
            ActionQuizAnswer(),
            tracker("quiz_answer", sender="quizzer", entities={"question": question_id,
                    "choice": str(choice)}, onboarding="quiz", quiz_questions=questions,
                    quiz_results=results),
        )  # fmt: skip
        feedback = messages[0]["text"]
        assert feedback.startswith("❌ Helaas" if wrong else "✅ Goed!")
        assert feedback.splitlines()[-1].startswith("Bron: Greijdanus e.a. (2023), §")
        if number < 4:
            assert messages[1]["text"].startswith(f"**Vraag {number + 2} van 5**")
            (results,) = [e["value"] for e in events if e["name"] == "quiz_results"]
    score = messages[1]
    assert score["text"].startswith("Je hebt 4 van de 5 vragen goed.")
    missed_entry = bank[questions[2]].entry
    assert score["buttons"][0]["payload"] == f'/show_entry{{"entry":"{missed_entry}"}}'
    assert events == [SlotSet("quiz_questions", None), SlotSet("quiz_results", None)]
    (progress,), _ = run(ActionShowProgress(), tracker("show_progress", sender="quizzer"))
    assert "Quiz: 1 ronde(s) gespeeld, beste score 4/5." in progress["text"]
    # "ja" to "Nog een ronde?" starts the next round, with other questions
    messages, events = run(ActionQuizAnswer(), tracker("affirm", "ja", sender="quizzer",
                                                       onboarding="quiz"))  # fmt: skip
    assert messages[0]["text"].startswith("Quiz: 5 vragen")
    (next_round,) = [e["value"] for e in events if e["name"] == "quiz_questions"]
    assert next_round != questions
    (message,), events = run(ActionOnboardingStop(), tracker("stop", onboarding="quiz"))
    assert message["text"] == "Er loopt nu geen quiz meer. Stel gerust een vraag."


def test_rounds_are_seeded_per_user_and_round() -> None:
    first, _ = _start_quiz("a")
    assert _start_quiz("a")[0] == first  # no round finished yet: the same round again
    assert _start_quiz("b")[0] != first


def test_typed_answers_and_yes_no_for_true_false() -> None:
    bank = default_quiz()
    tf = next(q for q in bank if q.type == "true_false")
    mc = next(q for q in bank if q.type == "mc")
    slots = {"onboarding": "quiz", "quiz_questions": [tf.id, mc.id], "quiz_results": []}
    said = "ja" if tf.answer == "Waar" else "nee"
    intent = "affirm" if said == "ja" else "deny"
    messages, events = run(ActionQuizAnswer(), tracker(intent, said, **slots))
    assert messages[0]["text"].startswith("✅ Goed!")
    assert events == [SlotSet("quiz_results", [f"{tf.id}=1"])]
    slots["quiz_results"] = [f"{tf.id}=1"]
    letter = "abcd"[mc.correct_choice - 1]
    messages, _ = run(ActionQuizAnswer(), tracker("quiz_answer", f"ik denk {letter}", **slots))
    assert messages[0]["text"].startswith("✅ Goed!")
    messages, events = run(ActionQuizAnswer(), tracker("quiz_answer", "geen idee", **slots))
    assert messages[0]["text"].startswith("Kies A, B")
    assert events == []


def test_answers_outside_a_round_are_judged_but_not_counted() -> None:
    question = default_quiz()["wachten-24-uur"]
    entities = {"question": question.id, "choice": "2"}
    messages, events = run(ActionQuizAnswer(), tracker("quiz_answer", entities=entities))
    assert messages[0]["text"].startswith("✅ Goed!")
    assert "telt niet mee" in messages[1]["text"]
    assert events == []
    (message,), _ = run(ActionQuizAnswer(), tracker("quiz_answer", "b"))
    assert message["text"].startswith("Er loopt nu geen quiz")


def test_stopping_a_quiz_clears_the_round() -> None:
    questions, _ = _start_quiz()
    slots = {
        "onboarding": "quiz",
        "quiz_questions": questions,
        "quiz_results": [f"{questions[0]}=1"],
    }
    (message,), events = run(ActionOnboardingStop(), tracker("stop", **slots))
    assert message["text"].startswith("De quiz is gestopt. Je had 1 van de 1")
    assert SlotSet("onboarding", None) in events and SlotSet("quiz_questions", None) in events
