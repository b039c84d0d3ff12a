"""Messages clearly not in Dutch (bot/nlu/language.py): told so, and no Dutch message is."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.nlu.evaluation import load_examples
from bot.nlu.language import other_language
from tests.sets import messages

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("How do I respond when provoked?", "en"),
        ("what should I do after a stabbing", "en"),
        ("Wie kann ich auf Provokation reagieren?", "de"),
        ("Comment réagir à une provocation?", "fr"),
        ("Nasıl tepki vermeliyim bu durumda?", "tr"),
    ],
)
def test_other_languages(text: str, language: str) -> None:
    assert other_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "er is een fight op insta live",  # Dutch full of English
        "drill rap beef online",
        "fake news na de steekpartij debunken",
        "ok thanks",  # too short to tell
        "help",
        "jw mag ik info delen met wout",
    ],
)
def test_dutch_as_typed_here_is_dutch(text: str) -> None:
    assert other_language(text) is None


def test_no_message_of_the_dutch_test_sets_is_taken_for_another_language() -> None:
    texts = [e.text for d in ("nlu", "nlu_phone") for e in load_examples(ROOT / "tests" / d)]
    for folder in ("safety", "followups"):
        for path in sorted((ROOT / "tests" / folder).glob("*.yml")):
            texts += messages(yaml.safe_load(path.read_text(encoding="utf-8")))
    texts = [t for t in texts if " " in t.strip()]  # not the entry ids of the follow-up sets
    assert len(texts) > 3000
    assert [t for t in texts if other_language(t)] == []
