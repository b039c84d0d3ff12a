"""A typing slip as the typed-answer tests make one (tests/unit/test_open_question.py,
tests/integration/test_typed_answers_http.py)."""

from __future__ import annotations


def typo(title: str) -> str:
    """The title with one letter left out, in its longest word (a common slip on a phone)."""
    words = title.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    words[longest] = word[: len(word) // 2] + word[len(word) // 2 + 1 :]
    return " ".join(words)
