"""Typed answers to the assistant's own questions (bot/nlu/open_question.py): every question
that offers buttons, in every guided situation, the tour, the quiz and the domain's
responses, accepts each option typed exactly, with a typo, and (lettered) by its letter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.knowledge.loader import default_knowledge
from bot.nlu.open_question import Option, is_own_question, match, normalise
from bot.onboarding.quiz import default_quiz, render_question
from bot.onboarding.tour import default_tour, role_question
from bot.render import Answer, Button
from bot.situations import aftercare, crisis, group_reading, situation_phase
from tests.typos import typo

ROOT = Path(__file__).resolve().parents[2]


def options(buttons: tuple[Button, ...] | list[Button]) -> list[Option]:
    return [Option(b.title, b.payload) for b in buttons]


def domain_questions() -> Iterator[tuple[str, list[Option]]]:
    for path in sorted((ROOT / "domain").glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses", {})
        for name, variations in responses.items():
            for n, variation in enumerate(variations):
                buttons = variation.get("buttons") or []
                if len(buttons) > 1:
                    yield f"{name}[{n}]", [Option(b["title"], b["payload"]) for b in buttons]


def button_questions() -> Iterator[tuple[str, list[Option]]]:
    """Every question with buttons that the assistant can ask."""
    knowledge = default_knowledge()
    yield "tour: role", options(role_question()[1])
    tour = default_tour()
    for index in range(len(tour)):
        yield f"tour: step {index + 1}", options(tour.view(index, "politie").buttons)
    for number, question in enumerate(default_quiz(), 1):
        yield f"quiz: {question.id}", options(render_question(question, number, 5).buttons)
    for slot in situation_phase.SLOTS:
        yield f"situation_phase: {slot}", options(situation_phase.question(slot).buttons)
    for slot in aftercare.SLOTS:
        yield f"aftercare: {slot}", options(aftercare.question(slot).buttons)
    yield "crisis: danger", options(crisis.render_danger_question().buttons)
    for step in crisis.STEPS:
        yield f"crisis: {step.slot}", options(crisis.render_step(step, knowledge).buttons)
    yield "group_reading: item", options(list(group_reading.ITEM_BUTTONS))
    yield from domain_questions()


QUESTIONS = list(button_questions())


def test_every_flow_has_button_questions() -> None:
    names = {name.split(":")[0] for name, _ in QUESTIONS}
    assert {"tour", "quiz", "situation_phase", "aftercare", "crisis", "group_reading"} <= names
    assert len(QUESTIONS) > 40


@pytest.mark.parametrize(("name", "choices"), QUESTIONS, ids=[n for n, _ in QUESTIONS])
def test_each_option_typed_as_shown_means_that_option(name: str, choices: list[Option]) -> None:
    for option in choices:
        for typed in (option.title, option.title.upper(), normalise(option.title)):
            found = match(typed, choices)
            assert found is not None and found.option == option, (typed, found)


@pytest.mark.parametrize(("name", "choices"), QUESTIONS, ids=[n for n, _ in QUESTIONS])
def test_each_option_typed_with_a_typo_means_that_option(name: str, choices: list[Option]) -> None:
    for option in choices:
        if len(normalise(option.title)) < 6:
            continue  # "Ja", "Nee", "Terug": exact only
        typed = typo(option.title)
        found = match(typed, choices)
        assert found is not None and found.option == option, (typed, found)


@pytest.mark.parametrize(("name", "choices"), QUESTIONS, ids=[n for n, _ in QUESTIONS])
def test_lettered_options_by_letter_and_any_options_by_position(
    name: str, choices: list[Option]
) -> None:
    if len(choices) < 2:
        return
    assert match("de eerste", choices).option == choices[0]  # type: ignore[union-attr]
    assert match("de laatste", choices).option == choices[-1]  # type: ignore[union-attr]
    if all(o.letter for o in choices):
        for option in choices:
            assert match(f"antwoord {option.letter}", choices).option == option  # type: ignore[union-attr]


PHASES = options(situation_phase.question(situation_phase.PHASE_SLOT).buttons)
ROLES = options(role_question()[1])


@pytest.mark.parametrize(
    "text",
    [
        "wat is nazorg?",  # a side question, not the Nazorg button
        "hoe werkt de crisis fase",
        "stop, ik wil de quiz",
        "er wordt nu iemand gestoken bij de snackbar",  # acute: to the safety handling
        '/choose{"phase":"crisis"}',  # a button press is Rasa's own business
        "",
        "ik weet het echt niet meer wat ik met die jongens moet na gisteren",
    ],
)
def test_what_is_not_an_answer_to_the_open_question(text: str) -> None:
    assert match(text, PHASES) is None


def test_a_few_words_of_ones_own_and_the_nlus_entities() -> None:
    quiz = next(iter(default_quiz()))
    choices = options(render_question(quiz, 1, 5).buttons)
    words = normalise(quiz.options[1]).split()
    found = match(" ".join(words[:3]), choices)
    assert found is not None and found.option == choices[1]
    politie = [{"entity": "role", "value": "politie", "start": 7, "end": 16}]
    found = match("ik ben wijkagent", ROLES, entities=politie)
    assert found is not None and found.option.title == "Politie" and found.rule == "entities"
    other = [{"entity": "role", "value": "politie", "role": "other", "start": 3, "end": 10}]
    assert match("de politie wil namen", ROLES, entities=other) is None
    assert match("nee hoor", PHASES, intent="deny", confidence=0.9) is None  # no /deny here
    yes_no = options(list(aftercare.question(aftercare.SLOTS[1]).buttons))
    assert match("nee hoor", yes_no, intent="deny", confidence=0.9).option.payload == "/deny"  # type: ignore[union-attr]


def test_questions_of_ones_own() -> None:
    assert is_own_question("wat betekent dit item eigenlijk")
    assert is_own_question("dat snap ik niet?")
    assert not is_own_question("crisis")
    assert not is_own_question("ik ben wijkagent")


def test_answer_helpers_are_what_the_flows_send() -> None:
    # The flows' questions are Answers with buttons whose payloads Rasa reads as intents.
    answer = situation_phase.question(situation_phase.PHASE_SLOT)
    assert isinstance(answer, Answer)
    assert all(o.intent for o in options(answer.buttons))
