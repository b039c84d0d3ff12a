"""Spelling tolerance (bot/nlu/spelling.py) and how the classifier uses it
(bot/nlu/rasa_classifier.second_opinion)."""

from __future__ import annotations

from bot.nlu.rasa_classifier import second_opinion
from bot.nlu.spelling import Speller, vocabulary

TEXTS = [
    "hoe reageer ik op provocatie",
    "provocatie en uitlokking online",
    "wat zegt het rapport over escalatie",
    "de-escalatie tactieken bij een crisis",
    "marginale groepsleden en geweld",
]


def speller() -> Speller:
    return Speller(vocabulary(TEXTS))


def test_unknown_words_become_the_known_word_they_most_likely_are() -> None:
    s = speller()
    assert s.correct("prvocatie reactie") == "provocatie reactie"
    assert s.correct("escalatei in de wijk") == "escalatie in de wijk"
    assert s.corrections("hoe reageer ik op prvocatie") == {"prvocatie": "provocatie"}


def test_known_short_and_far_words_stay_as_typed() -> None:
    s = speller()
    assert s.correct("provocatie") == "provocatie"
    assert s.correct("prov") == "prov"  # shorter than MIN_LENGTH
    assert s.correct("fietsenstalling 112") == "fietsenstalling 112"  # nothing close
    assert s.corrections("marginale groepsleden") == {}


def test_a_word_with_two_equally_likely_readings_is_left_alone() -> None:
    s = Speller({"kaart": 1, "kaars": 1})
    assert s.word("kaarx") == "kaarx"


TYPED_UNSURE = [("out_of_scope", 0.4), ("knowledge/provocatie-reageren", 0.3)]
CORRECTED_SURE = [("knowledge/provocatie-reageren", 0.93), ("out_of_scope", 0.02)]


def test_a_correction_turns_no_answer_into_an_answer() -> None:
    assert second_opinion(TYPED_UNSURE, CORRECTED_SURE) == CORRECTED_SURE
    below = [("knowledge/a", 0.08), ("knowledge/b", 0.07)]
    assert second_opinion(below, CORRECTED_SURE) == CORRECTED_SURE


def test_a_correction_never_changes_an_answer_or_an_alarm() -> None:
    answered = [("knowledge/provocatie-online", 0.35), ("knowledge/provocatie-reageren", 0.3)]
    assert second_opinion(answered, CORRECTED_SURE) == answered
    alarm = [("acute_danger", 0.05), ("out_of_scope", 0.04)]
    assert second_opinion(alarm, CORRECTED_SURE) == alarm
    to_alarm = [("acute_danger", 0.9), ("out_of_scope", 0.05)]
    assert second_opinion(TYPED_UNSURE, to_alarm) == TYPED_UNSURE
    weaker = [("knowledge/x", 0.3)]
    assert second_opinion([("out_of_scope", 0.6)], weaker) == [("out_of_scope", 0.6)]
