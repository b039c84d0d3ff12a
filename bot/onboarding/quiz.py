"""The quiz for new colleagues: questions from ``knowledge/quiz.yml``, rounds and feedback.

A round is :data:`ROUND_SIZE` questions drawn from the bank in an order seeded by a string
(the actions use the user's key and round number, so a round is reproducible in tests).
Answer buttons send ``/quiz_answer{"question": "<id>", "choice": "<n>"}`` (n counts from 1),
so an answer names its own question and does not depend on the order it was asked in.
"""

from __future__ import annotations

import json
import random
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.knowledge import KnowledgeBase, KnowledgeError
from bot.knowledge.loader import KNOWLEDGE_DIR, validated_yaml
from bot.knowledge.model import CITATION
from bot.render import Answer, Button, entry_button

ROUND_SIZE = 5
ANSWER_INTENT = "quiz_answer"
START_INTENT = "start_quiz"
TRUE_FALSE = ("Waar", "Niet waar")
LETTERS = "abcd"


@dataclass(frozen=True)
class QuizSource:
    """Where in the report the answer stands, with the report's own words."""

    section: str
    pages: tuple[int, int]
    quote: str

    @property
    def line(self) -> str:
        """``Bron: Greijdanus e.a. (2023), §4.2, p. 37–41``."""
        label = "§" + (self.section if self.section[0].isdigit() else self.section.capitalize())
        first, last = self.pages
        pages = f"p. {first}" if first == last else f"p. {first}–{last}"
        return f"Bron: {CITATION}, {label}, {pages}"


@dataclass(frozen=True)
class Question:
    """One quiz question: multiple choice or true/false."""

    id: str
    type: str
    question: str
    options: tuple[str, ...]
    answer: str
    explanation: str
    entry: str
    source: QuizSource

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        source = data["source"]
        first, last = source["pages"]
        return cls(
            id=data["id"],
            type=data["type"],
            question=data["question"],
            options=tuple(data["options"]),
            answer=data["answer"],
            explanation=data["explanation"],
            entry=data["entry"],
            source=QuizSource(source["section"], (first, last), source["quote"]),
        )

    @property
    def correct_choice(self) -> int:
        """The number (from 1) of the correct option."""
        return self.options.index(self.answer) + 1

    def is_correct(self, choice: int) -> bool:
        return choice == self.correct_choice


class QuizBank:
    """The questions, in file order, by id."""

    def __init__(self, questions: Sequence[Question]) -> None:
        self._questions = {q.id: q for q in questions}

    def __iter__(self) -> Iterator[Question]:
        return iter(self._questions.values())

    def __len__(self) -> int:
        return len(self._questions)

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._questions

    def __getitem__(self, question_id: str) -> Question:
        return self._questions[question_id]

    def get(self, question_id: str | None) -> Question | None:
        return self._questions.get(question_id or "")

    def draw(self, seed: str, size: int = ROUND_SIZE) -> list[str]:
        """``size`` question ids in an order that depends only on ``seed``."""
        ids = sorted(self._questions)
        return random.Random(seed).sample(ids, min(size, len(ids)))


def load_quiz(directory: Path = KNOWLEDGE_DIR, knowledge: KnowledgeBase | None = None) -> QuizBank:
    """Load and validate ``quiz.yml``: the schema, unique ids, answers among the options,
    true/false options, and (given the knowledge base) that each entry exists. Raises
    :class:`KnowledgeError` listing every problem."""
    data = validated_yaml(directory, "quiz.yml", "quiz.schema.json")
    problems: list[str] = []
    seen: set[str] = set()
    for index, item in enumerate(data["questions"]):
        where = f"quiz.yml: questions[{index}] ({item['id']})"
        if item["id"] in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(item["id"])
        if item["answer"] not in item["options"]:
            problems.append(f"{where}: answer is not one of the options")
        if item["type"] == "true_false" and tuple(item["options"]) != TRUE_FALSE:
            problems.append(f"{where}: true_false options must be {list(TRUE_FALSE)}")
        if knowledge is not None and item["entry"] not in knowledge:
            problems.append(f"{where}: entry '{item['entry']}' is not an entry")
    if problems:
        raise KnowledgeError(problems)
    return QuizBank([Question.from_dict(item) for item in data["questions"]])


@lru_cache(maxsize=1)
def default_quiz() -> QuizBank:
    """The project's quiz bank, loaded and validated once per process."""
    from bot.knowledge.loader import default_knowledge

    return load_quiz(knowledge=default_knowledge())


# --- typed answers ---------------------------------------------------------------------------


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(c for c in text if c.isalnum() or c.isspace()).split())


def typed_choice(question: Question, text: str) -> int | None:
    """The option a typed answer means: a letter ("b", "antwoord b"), a number, "waar" /
    "niet waar" / "onwaar", or the option's own text; None when it is not clear."""
    words = _fold(text).split()
    if not words:
        return None
    if question.type == "true_false":
        if {"niet", "onwaar", "onjuist", "fout"} & set(words):
            return 2
        if {"waar", "juist", "klopt", "correct"} & set(words):
            return 1
        return None
    folded = _fold(text)
    for number, option in enumerate(question.options, 1):
        if _fold(option) == folded:
            return number
    candidates = [w for w in words if w in LETTERS[: len(question.options)] or w.isdigit()]
    if len(candidates) != 1:
        return None
    word = candidates[0]
    number = int(word) if word.isdigit() else LETTERS.index(word) + 1
    return number if 1 <= number <= len(question.options) else None


# --- rendering -------------------------------------------------------------------------------


def answer_payload(question: Question, choice: int) -> str:
    entities = {"question": question.id, "choice": str(choice)}
    return f"/{ANSWER_INTENT}" + json.dumps(entities, separators=(",", ":"))


def render_question(question: Question, number: int, total: int) -> Answer:
    """``Vraag 2 van 5`` with the question and its options as buttons (A, B, C …)."""
    lines = [f"**Vraag {number} van {total}**", question.question]
    if question.type == "mc":
        lines += [f"{LETTERS[i].upper()}. {o}" for i, o in enumerate(question.options)]
        titles = [f"{LETTERS[i].upper()}. {o}" for i, o in enumerate(question.options)]
    else:
        titles = list(question.options)
    buttons = tuple(Button(title, answer_payload(question, i)) for i, title in enumerate(titles, 1))
    return Answer(text="\n".join(lines), buttons=buttons)


def render_feedback(question: Question, choice: int) -> str:
    """Right or wrong, the correct answer, why, and where the report says so."""
    if question.is_correct(choice):
        verdict = f"✅ Goed! Het antwoord is: {question.answer}."
    else:
        verdict = f"❌ Helaas. Het juiste antwoord is: {question.answer}."
    quote = " ".join(question.source.quote.split())
    # One message: Rasa splits a text without buttons into bubbles at blank lines.
    return "\n".join(
        [verdict, question.explanation, f"Uit het rapport: “{quote}”", question.source.line]
    )


def render_score(
    score: int, total: int, missed: Sequence[Question], knowledge: KnowledgeBase
) -> Answer:
    """The round's score; for each missed question a button to its entry, and another round."""
    if score == total:
        text = f"Je hebt {score} van de {total} vragen goed. Knap gedaan!"
    else:
        text = f"Je hebt {score} van de {total} vragen goed."
    entries = [knowledge[q.entry] for q in missed if q.entry in knowledge]
    entries = list({e.id: e for e in entries}.values())
    if entries:
        text += " Lees hieronder meer over wat je nog niet wist."
    buttons = [entry_button(e) for e in entries]
    buttons.append(Button("Nog een ronde", f"/{START_INTENT}"))
    buttons.append(Button("Wat heb ik al gedaan?", "/show_progress"))
    return Answer(text=text, buttons=tuple(buttons))
