"""The wording and the 112/113 choice for acute danger."""

from __future__ import annotations

import pytest

from bot.safety import EMERGENCY_LINE, SUICIDE_LINE, emergency_lines, mentions_self_harm

SELF_HARM = [
    "hij zegt dat hij zichzelf iets aan gaat doen",
    "meisje dreigt met zelfmoord op snap",
    "jongen staat op het dak en wil springen van de flat",
    "ze heeft net pillen geslikt",
    "hij wil niet meer leven zegt ie",
    "ze wil een einde aan haar leven maken",
]
NOT_SELF_HARM = [
    "er wordt nu gestoken op het plein",
    "hij heeft een mes bij zich en staat voor de deur",
    "groep van 10 komt eraan met messen",
]


@pytest.mark.parametrize("text", SELF_HARM)
def test_self_harm_names_113_first(text: str) -> None:
    assert mentions_self_harm(text)
    (first,) = emergency_lines(text)
    assert first == SUICIDE_LINE
    assert "113" in first and "0800-0113" in first and "112" in first


@pytest.mark.parametrize("text", NOT_SELF_HARM)
def test_other_danger_names_112(text: str) -> None:
    assert not mentions_self_harm(text)
    assert emergency_lines(text) == [EMERGENCY_LINE]
    assert "112" in EMERGENCY_LINE
