"""How far the classifier's own view of acute danger is trusted.

Its softmax is sure of *some* label even for "ik zit in de auto"; the calibrated probability
it also reports for ``acute_danger`` (:mod:`bot.nlu.classifier`, Platt scaling on
cross-validated scores) decides whether its ``acute_danger`` counts (:func:`nlu_says_acute`)
and whether it leans acute (:func:`nlu_leans_acute`, one sign of now for the safety net).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.safety.signs import names_danger

ACUTE_INTENT = "acute_danger"
# Where the parse carries the classifier's calibrated probabilities (bot.nlu.rasa_classifier).
CALIBRATED_KEY = "calibrated"
# The classifier says acute danger with at least this calibrated probability, whichever
# intent won its softmax; and with at least WINNER_PROBABILITY when acute_danger also won.
ACUTE_PROBABILITY = 0.6
WINNER_PROBABILITY = 0.1
# ... and with at least DANGER_PROBABILITY when the text itself names a weapon, violence, an
# injury or self-harm (:func:`names_danger`).
DANGER_PROBABILITY = 0.1
# ... and counts as one sign of now for the safety net from this probability on.
LEAN_PROBABILITY = 0.3
# Without calibration (a parse from an older model): acute_danger ranked first (also when
# the FallbackClassifier then says it is unsure), or second with at least this confidence.
NLU_RUNNER_UP_CONFIDENCE = 0.2


def acute_probability(parse: Mapping[str, Any] | None) -> float | None:
    """The classifier's calibrated probability that ``parse``'s message is acute danger, or
    None when the parse carries none."""
    value = ((parse or {}).get(CALIBRATED_KEY) or {}).get(ACUTE_INTENT)
    return None if value is None else float(value)


def nlu_says_acute(parse: Mapping[str, Any] | None, text: str = "") -> bool:
    """True when the classifier says acute danger. Where the parse is calibrated, its
    calibrated probability is at least :data:`ACUTE_PROBABILITY`; or at least
    :data:`WINNER_PROBABILITY` when ``acute_danger`` also won the softmax; or at least
    :data:`DANGER_PROBABILITY` when ``text`` names a weapon, violence, an injury or
    self-harm. Without calibration (an older model): when ``acute_danger`` is the intent.

    So a softmax winner on a message unlike anything trained ("ik zit in de auto": nearly
    certain, calibrated 0.02) does not count, while a scene the classifier files under
    another intent ("ik zit in mijn auto en ze beuken op de ramen" as a statement) still
    does."""
    won = ((parse or {}).get("intent") or {}).get("name") == ACUTE_INTENT
    probability = acute_probability(parse)
    if probability is None:
        return won
    if won and probability >= WINNER_PROBABILITY:
        return True
    if probability >= DANGER_PROBABILITY and names_danger(text):
        return True
    return probability >= ACUTE_PROBABILITY


def nlu_leans_acute(parse: Mapping[str, Any] | None) -> bool:
    """True when the classifier leans towards acute danger: a calibrated probability of at
    least :data:`LEAN_PROBABILITY`; for a parse without calibration, ``acute_danger`` ranked
    first, or second with some confidence (``intent_ranking``, skipping ``nlu_fallback``)."""
    probability = acute_probability(parse)
    if probability is not None:
        return probability >= LEAN_PROBABILITY
    ranking = [
        (item.get("name"), float(item.get("confidence") or 0.0))
        for item in (parse or {}).get("intent_ranking") or []
        if item.get("name") != "nlu_fallback"
    ]
    if ranking and ranking[0][0] == ACUTE_INTENT:
        return True
    return (
        len(ranking) > 1
        and ranking[1][0] == ACUTE_INTENT
        and ranking[1][1] >= NLU_RUNNER_UP_CONFIDENCE
    )
