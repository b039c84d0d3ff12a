"""Several questions in one message ("hoe reageer ik op provocatie? en mag ik dit delen met de
wijkagent?"): where each one is, so that the classifier can read them one by one and the
answer can offer the ones it did not answer (:mod:`bot.nlu.rasa_classifier`).

A question is a stretch of text that ends with a question mark and has at least
:data:`MIN_WORDS` words; a message holds several questions only when it has at least two
such stretches.
"""

from __future__ import annotations

import re

MIN_WORDS = 3
# The parse data's key for the entries of the other questions (bot/nlu/rasa_classifier.py),
# offered after the answer (actions/knowledge.py). Entry ids only, never text.
OTHER_QUESTIONS = "other_questions"
_QUESTION = re.compile(r"[^?]*\?")


def question_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) character spans of the questions in ``text``, when there are at least
    two; else an empty list."""
    spans = []
    for found in _QUESTION.finditer(text):
        start, end = found.span()
        while start < end and not text[start].isalnum():
            start += 1
        if len(text[start:end].split()) >= MIN_WORDS:
            spans.append((start, end))
    return spans if len(spans) >= 2 else []
