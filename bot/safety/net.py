"""The safety net under the NLU: does the text itself read as danger *now*?

Contracts:

- :func:`is_acute`: a danger word (or a self-harm act) with signs that it happens now or is
  about to, outweighing signs of general framing (hypotheticals, the past, knowledge and
  policy words, films, lessons, the news). An unmistakable now ("NU", "op dit moment",
  "help", "!!") counts double unless framing without a concrete scene places the message
  elsewhere; first-person self-harm intent is an unmistakable now; the classifier leaning
  acute (:func:`bot.safety.nlu.nlu_leans_acute`) is one more sign. An opening "jongerenwerker
  hier," introduces the sender and is no place.
- :func:`framed_question`: clearly *about* danger rather than in it.

The patterns are in :mod:`bot.safety.lexicon`; measured figures in docs/safety.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.safety.lexicon import (
    DANGER,
    FIRST_PERSON_INTENT,
    FRAME,
    GENERAL,
    HARMLESS_SHOOTING,
    INTRO,
    NOW,
    PAST,
    PRESENT,
    REASSURED,
    SCENE,
    SELF_HARM_TOPIC,
    STRONG_GENERAL,
    STRONG_NOW,
    TONIGHT,
    WEAK_FRAME,
)
from bot.safety.nlu import nlu_leans_acute
from bot.safety.signs import self_harm_act


def _count(pattern: re.Pattern[str], text: str) -> int:
    """How many different phrases of ``pattern`` occur in ``text``."""
    return len({m.group(0).lower() for m in pattern.finditer(text)})


def _without_intro(text: str) -> str:
    """``text`` without an opening self-introduction and without harmless shooting."""
    return HARMLESS_SHOOTING.sub(" ", INTRO.sub(" ", text or "", count=1))


def is_acute(text: str, parse: Mapping[str, Any] | None = None) -> bool:
    """True when ``text`` reads as danger now: a weapon, fight, injury or self-harm happening
    now or about to, not a question about such situations in general or in the past.

    Signs of "now" are weighed against signs of general framing, so that "hoe herken je dat
    iemand een wapen draagt?" stays a question while "moet ik dit melden? hij heeft nu een
    mes" still gets 112. An unmistakable now ("NU", "op dit moment", "help", "!!") counts
    double; a self-harm act counts as one sign by itself.
    """
    text = _without_intro(text)
    # "NU", "help", "!!" count double, unless framing (a film, game, lesson, the news, the
    # past) places the message elsewhere and no concrete scene is described: then they count
    # once and each framing phrase counts double.
    intent = bool(FIRST_PERSON_INTENT.search(text))
    framed = (
        bool(
            FRAME.search(text)
            or WEAK_FRAME.search(text)
            or PAST.search(text)
            or STRONG_GENERAL.search(text)
        )
        and not SCENE.search(text)
        and not intent
    )
    now = _count(NOW, text) + (1 if framed else 2) * _count(STRONG_NOW, text)
    now += 2 * intent
    self_harm = self_harm_act(text)
    if self_harm:
        now += 1
    elif not (SELF_HARM_TOPIC.search(text) or DANGER.search(text)):
        return False
    if DANGER.search(text) or self_harm:
        now += _count(TONIGHT, text)
    if nlu_leans_acute(parse):
        now += 1
    general = _count(GENERAL, text) + 2 * _count(STRONG_GENERAL, text)
    if framed:
        general += 2 * (_count(FRAME, text) + _count(WEAK_FRAME, text) + _count(PAST, text))
    return now >= 1 and now > general


def framed_question(text: str) -> bool:
    """True when ``text`` is clearly *about* danger rather than in it: framed by a film,
    game, lesson, protocol, role-play, the law, the news, a hypothetical "als ik hoor …" or
    an explicit reassurance ("het gaat nu stabiel"), or by the past or a clip without any
    sign of the present ("nu", "vannacht", "sta"); and it shows no concrete scene, no
    unmistakable now ("NU", "help", "!!"), no first-person intent, and no self-harm act
    unless reassured.

    Used where the classifier alone says ``acute_danger``: such a message gets its answer
    first and the emergency line right after it, instead of before (:func:`alarm`).
    """
    text = _without_intro(text)
    if SCENE.search(text) or STRONG_NOW.search(text) or FIRST_PERSON_INTENT.search(text):
        return False
    reassured = bool(REASSURED.search(text))
    if self_harm_act(text) and not reassured:
        return False
    if reassured or FRAME.search(text) or STRONG_GENERAL.search(text):
        return True
    # The past and clips frame only without any sign of now or the present (rounds 8-9: "die
    # drill clip van vorig jaar gaat weer rond en nu haalt hij zn mes"; "er komen net drie
    # scooters …, zelfde als bij de schietpartij vorige maand").
    return (
        bool(PAST.search(text) or WEAK_FRAME.search(text))
        and not PRESENT.search(text)
        and not NOW.search(text)
    )
