"""Lexical search on spaCy lemmas: related word forms meet, and the right entry ranks first."""

from __future__ import annotations

import pytest

from bot.knowledge import KnowledgeBase
from bot.knowledge.search import LemmaIndex, fuse, spacy_lemmatizer


@pytest.fixture(scope="module")
def index(knowledge: KnowledgeBase) -> LemmaIndex:
    return LemmaIndex(knowledge, spacy_lemmatizer())


@pytest.mark.parametrize("question", ["ik word geprovoceerd", "hij provoceert me", "provocatie"])
def test_word_forms_of_provocation_meet(index: LemmaIndex, question: str) -> None:
    assert index.search(question, 1)[0][0].id == "provocatie-reageren"


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("duidingsitem hotspots", "duiding-hotspots"),
        ("schoolverzuim", "duiding-schoolverzuim"),
        ("hoe ontkracht ik een gerucht", "gerucht-ontkrachten"),
        ("lichaamstaal die op geweld wijst", "lichaamstaal-geweldsindicatoren"),
        ("risicokalender", "risicokalender"),
    ],
)
def test_search_finds_the_entry(index: LemmaIndex, question: str, entry_id: str) -> None:
    assert index.search(question, 1)[0][0].id == entry_id


def test_unrelated_words_find_nothing(index: LemmaIndex) -> None:
    assert index.search("qwertyuiop zxcvb", 3) == []


def test_fusion_prefers_what_both_rankings_agree_on() -> None:
    assert fuse(["a", "b", "c"], ["c", "d"])[0] == "c"
    assert fuse(["a"], [])[0] == "a"
