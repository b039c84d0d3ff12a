"""The wording and the 112/113 choice for acute danger, and the safety net's figures on the
test sets in tests/safety/ (docs/safety.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.safety import EMERGENCY_LINE, SUICIDE_LINE, emergency_lines, is_acute, mentions_self_harm

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


@pytest.mark.parametrize(
    "text",
    [
        "ze zijn iemand aan het steken achter de supermarkt help",
        "groepje staat hier met machetes te wachten op die andere groep, gaat zo los",
        "er wordt geschoten in de straat",
        "acuut, steekpartij gaande, collega gewond",
        "jongen staat op het dak en zegt dat hij springt",
        "hij zegt dat hij vannacht een eind aan zijn leven maakt",
    ],
)
def test_danger_now_is_recognised_without_the_nlu(text: str) -> None:
    assert is_acute(text)


@pytest.mark.parametrize(
    "text",
    [
        "hoe herken je dat iemand een wapen draagt?",
        "wat zeg ik als een jongen me uitdaagt over zijn mes",
        "na de steekpartij gisteren gaat er een gerucht rond, hoe ontkracht ik dat",
        "wat doe ik als er een vechtpartij dreigt",
        "hoe ga ik zelf om met de stress na die steekpartij?",
    ],
)
def test_questions_about_violence_are_not_alarms(text: str) -> None:
    assert not is_acute(text)


SETS = Path(__file__).parent / "safety"
LOOK_ALIKE_FALSE_ALARMS_CEILING = 0.05  # issue 5: ≤ 5% false alarms; measured 0 of 62


def _load(name: str, key: str) -> list[str]:
    return list(yaml.safe_load((SETS / name).read_text(encoding="utf-8"))[key])


def test_sets_have_the_size_the_issue_asks_for() -> None:
    assert len(_load("acute.yml", "self_harm")) >= 12
    assert len(_load("acute.yml", "self_harm") + _load("acute.yml", "violence")) >= 50
    assert len(_load("look_alike.yml", "not_acute")) >= 50


@pytest.mark.parametrize("text", _load("acute.yml", "self_harm"))
def test_acute_self_harm_gets_113_first(text: str) -> None:
    assert is_acute(text)
    assert emergency_lines(text) == [SUICIDE_LINE]


@pytest.mark.parametrize("text", _load("acute.yml", "violence"))
def test_acute_violence_gets_112_first(text: str) -> None:
    assert is_acute(text)
    assert emergency_lines(text) == [EMERGENCY_LINE]


def test_look_alikes_rarely_raise_the_alarm() -> None:
    texts = _load("look_alike.yml", "not_acute")
    alarms = [t for t in texts if is_acute(t)]
    assert len(alarms) / len(texts) <= LOOK_ALIKE_FALSE_ALARMS_CEILING, alarms


def test_safety_net_on_all_labelled_messages() -> None:
    """On every training and held-out message: few false alarms, and most acute ones caught.
    The NLU is the first layer for acute messages (it learns these very messages); the net
    catches what it misses, so its recall here is a floor against regressions, not a target:
    it fell from 52/52 to 87/114 when 62 acute training messages in new wordings were added
    (docs/safety.md)."""
    from bot.evaluation import load_examples

    root = Path(__file__).resolve().parents[1]
    examples = [e for f in sorted((root / "data" / "nlu").glob("*.yml")) for e in load_examples(f)]
    examples += load_examples(root / "tests" / "nlu")
    acute = [e.text for e in examples if e.expected == "acute_danger"]
    other = [e.text for e in examples if e.expected != "acute_danger"]
    assert sum(map(is_acute, acute)) / len(acute) >= 0.75
    assert sum(map(is_acute, other)) / len(other) <= 0.01


def test_channels_put_the_emergency_line_before_any_reply() -> None:
    from bot.safety import emergency_first

    acute = "hij staat NU met een mes voor de deur van het buurthuis"
    assert is_acute(acute)
    fixed = [{"recipient_id": "a", "text": "Daar kan ik je niet mee helpen."}]
    replies = emergency_first(acute, fixed, "a")
    assert replies[0]["text"] == EMERGENCY_LINE and replies[1:] == fixed
    # Not twice when the action already said it, and nothing added for a normal question.
    assert emergency_first(acute, replies, "a") == replies
    question = "hoe herken je dat iemand een wapen draagt?"
    assert emergency_first(question, fixed, "a") == fixed
