"""Situations over REST with the real servers: quick lookups, the information-sharing
helper and the crisis walk-through, including side questions, corrections, going back,
stopping halfway and acute danger in the middle (issue 6)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.safety import EMERGENCY_LINE
from tests.servers import Servers, running

pytestmark = pytest.mark.model

ROLE_QUESTION = "Wat is je rol?"
KIND_QUESTION = "Om wat voor informatie gaat het?"
LEGAL_QUESTION = "Heb je een wettelijke plicht"
CONSENT_QUESTION = "Heb je toestemming van de jongere"
VITAL_QUESTION = "levensbelangen’ op het spel?"
OTHER_WAY_QUESTION = "Kan het doel ook op een andere manier bereikt worden"
DANGER_QUESTION = "Eerst: is er nu direct gevaar"


@pytest.fixture(scope="module")
def servers(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    with running(model_path, tmp_path_factory.mktemp("situations")) as started:
        yield started


def texts(replies: list[dict]) -> list[str]:
    return [r.get("text") or "" for r in replies]


def last(replies: list[dict]) -> str:
    return texts(replies)[-1]


def payloads(reply: dict) -> list[str]:
    return [b["payload"] for b in reply.get("buttons") or []]


# --- quick lookups -----------------------------------------------------------------------


def test_provocatie_command_answers_in_one_screen(servers: Servers) -> None:
    (reply,) = servers.say("snel-1", "/provocatie")
    text = reply["text"]
    assert text.startswith("**Snel: reageren op provocatie**")
    for part in ("Herhaal de provocatie kort", "Ik hoor wat u zegt", "Eist je collega respect?",
                 "Ho wacht even, dat kwam er niet goed uit."):  # fmt: skip
        assert part in text
    assert text.count("Bron: Greijdanus e.a. (2023), §4.2") == 4  # each part its own source
    assert '/show_entry{"entry":"provocatie-reageren"}' in payloads(reply)


def test_natural_phrasing_reaches_the_quick_lookup(servers: Servers) -> None:
    replies = servers.say("snel-2", "snel: wat zeg ik bij provocatie")
    assert last(replies).startswith("**Snel: reageren op provocatie**")


@pytest.mark.parametrize(
    ("command", "title", "content"),
    [
        ("/gerucht", "**Snel: een gerucht ontkrachten**", "6. Wakker scepticisme aan"),
        ("/crisis", "**Snel: de-escaleren in een crisis**", "5. Voer het plan uit"),
        ("/nazorg", "**Snel: nazorg**", "Verwacht drie stadia"),
        ("/signalen", "**Snel: signalen in vredestijd**", "Zet jubilea"),
    ],
)
def test_each_quick_command(servers: Servers, command: str, title: str, content: str) -> None:
    replies = servers.say(f"snel-{command}", command)
    assert last(replies).startswith(title)
    assert content in last(replies)


def test_delen_follows_the_role(servers: Servers) -> None:
    youth = servers.say("snel-delen", "/delen")
    assert "als jongerenwerker" in last(youth) and "Doelmatigheid" in last(youth)
    assert "/start_sharing" in payloads(youth[-1])
    partner = servers.say("snel-delen", '/quick_lookup{"topic":"delen","role":"politie"}')
    assert "als netwerkpartner" in last(partner) and "BRP" in last(partner)
    assert "FG" in last(partner)


def test_help_lists_the_commands(servers: Servers) -> None:
    replies = servers.say("snel-help", "/help")
    assert "/provocatie" in last(replies) and "/start_sharing" in payloads(replies[-1])


# --- the information-sharing helper -------------------------------------------------------


def test_sharing_helper_asks_what_it_needs_and_advises_with_sources(servers: Servers) -> None:
    who = "delen-1"
    start = servers.say(who, "/start_sharing")
    assert "Tabel 2" in texts(start)[0] and ROLE_QUESTION in last(start)
    assert KIND_QUESTION in last(servers.say(who, '/inform{"role":"jongerenwerker"}'))
    assert LEGAL_QUESTION in last(servers.say(who, '/inform{"info_kind":"persoon"}'))
    assert CONSENT_QUESTION in last(servers.say(who, "nee"))
    assert VITAL_QUESTION in last(servers.say(who, "nee"))
    assert OTHER_WAY_QUESTION in last(servers.say(who, "ja"))
    advice = last(servers.say(who, "nee"))
    assert advice.startswith("**Advies: informatie delen als jongerenwerker**")
    assert "levensbelangen" in advice and "proportionaliteit" in advice
    assert "functionaris gegevensbescherming (FG)" in advice
    assert (
        advice.splitlines()[-1]
        == "Bron: Greijdanus e.a. (2023), §3.2, p. 18–28, Tabel 2; §1, p. 4–8"
    )
    # The helper is done: a yes now is not an answer to anything.
    assert "Ik had je niets gevraagd" in last(servers.say(who, "ja"))


def test_group_information_skips_consent_questions(servers: Servers) -> None:
    who = "delen-groep"
    servers.say(who, "/start_sharing")
    servers.say(who, '/inform{"role":"jongerenwerker"}')
    servers.say(who, "het gaat over de groep")
    assert OTHER_WAY_QUESTION in last(servers.say(who, "nee"))  # no consent, no levensbelangen
    advice = last(servers.say(who, "ja"))
    assert "anoniem of op groepsniveau" in advice


def test_a_role_mentioned_earlier_is_not_asked_again(servers: Servers) -> None:
    who = "delen-rol"
    servers.say(who, "als wijkagent, mag ik dit delen met de wijkagent?")
    start = servers.say(who, "/start_sharing")
    assert KIND_QUESTION in last(start)


def test_a_role_said_on_its_own_is_noted_and_used(servers: Servers) -> None:
    who = "delen-rol-los"
    assert "genoteerd" in last(servers.say(who, "ik ben zelf wijkagent"))
    assert KIND_QUESTION in last(servers.say(who, "/start_sharing"))


def test_a_side_question_is_answered_and_the_question_asked_again(servers: Servers) -> None:
    who = "delen-zijvraag"
    servers.say(who, "/start_sharing")
    servers.say(who, '/inform{"role":"jongerenwerker"}')
    replies = servers.say(who, "wat is proportionaliteit?")
    assert texts(replies)[0].startswith("**Proportionaliteit**")
    assert "Bron: Greijdanus e.a. (2023), §3.2, p. 18–28, Tabel 2" in texts(replies)[0]
    assert KIND_QUESTION in last(replies)
    assert LEGAL_QUESTION in last(servers.say(who, '/inform{"info_kind":"anoniem"}'))


def test_an_unusable_answer_gets_the_question_again(servers: Servers) -> None:
    who = "delen-onduidelijk"
    servers.say(who, "/start_sharing")
    replies = servers.say(who, "ja")
    assert "Dat begreep ik niet als antwoord" in texts(replies)[0]
    assert ROLE_QUESTION in last(replies)


def test_a_correction_of_the_role_halfway(servers: Servers) -> None:
    who = "delen-correctie"
    servers.say(who, "/start_sharing")
    servers.say(who, '/inform{"role":"jongerenwerker"}')
    servers.say(who, '/inform{"info_kind":"persoon"}')
    replies = servers.say(who, "nee wacht, ik ben wijkagent")
    assert "Oké, aangepast: politie." in texts(replies)
    assert LEGAL_QUESTION in last(replies)  # the "nee" did not answer the question
    servers.say(who, "nee")
    advice = last(servers.say(who, "ja"))  # a partner is not asked about consent
    assert advice.startswith("**Advies: informatie delen als politie**")
    assert "BRP" in advice


def test_going_back_asks_the_previous_question_again(servers: Servers) -> None:
    who = "delen-terug"
    servers.say(who, "/start_sharing")
    servers.say(who, '/inform{"role":"gemeente"}')
    servers.say(who, '/inform{"info_kind":"anoniem"}')
    replies = servers.say(who, "terug")
    assert "Oké, een stap terug." in texts(replies) and KIND_QUESTION in last(replies)
    assert LEGAL_QUESTION in last(servers.say(who, '/inform{"info_kind":"persoon"}'))
    assert KIND_QUESTION in last(servers.say(who, "terug"))
    assert ROLE_QUESTION in last(servers.say(who, "terug"))
    replies = servers.say(who, "terug")
    assert "eerste vraag" in texts(replies)[0] and ROLE_QUESTION in last(replies)


def test_stopping_halfway(servers: Servers) -> None:
    who = "delen-stop"
    servers.say(who, "/start_sharing")
    servers.say(who, '/inform{"role":"jongerenwerker"}')
    replies = servers.say(who, "stop")
    assert "gestopt met de vragen" in last(replies)
    events = servers.tracker(who)["events"]
    assert [e for e in events if e.get("event") == "active_loop"][-1]["name"] is None
    assert "Er loopt nu geen vragenreeks" in last(servers.say(who, "stop"))


def test_acute_danger_in_the_sharing_helper_gets_112_first_then_the_question_again(
    servers: Servers,
) -> None:
    """Issue 14: the helper keeps its answers and asks its question again after the line."""
    who = "delen-gevaar"
    servers.say(who, "/start_sharing")
    servers.say(who, '/inform{"role":"jongerenwerker"}')
    replies = servers.say(who, "er staat hier nu iemand met een mes te zwaaien")
    assert texts(replies)[0] == EMERGENCY_LINE
    assert KIND_QUESTION in texts(replies)[-1]
    assert servers.tracker(who)["slots"]["sharing_role"] == "jongerenwerker"


# --- the crisis walk-through --------------------------------------------------------------


def test_crisis_walk_through_to_the_checklist(servers: Servers) -> None:
    who = "crisis-1"
    start = servers.say(who, "er dreigt een confrontatie")
    assert DANGER_QUESTION in last(start)
    step1 = last(servers.say(who, "nee"))
    assert step1.startswith("**Stap 1 van 5: informatie**") and "online bronnen" in step1
    step2 = last(servers.say(who, "ja"))
    assert "minst repressieve rollen" in step2 and "informele contacten" in step2
    assert "regels, wetten en beleid" in last(servers.say(who, "ja"))
    step4 = last(servers.say(who, "nee"))
    assert "Tactiek 4:" in step4 and "het woord voert" in step4
    assert step4.splitlines()[-1].startswith("Bron: Greijdanus e.a. (2023), §4.2, p. 37–41")
    assert "Stap 5 van 5" in last(servers.say(who, "volgende"))
    summary = last(servers.say(who, "klaar"))
    assert summary.startswith("**Checklist crisis**")
    assert "[x] 1." in summary and "[ ] 3." in summary and "[x] 5." in summary
    assert "Eén persoon voert het woord." in summary and "Bel 112" in summary


def test_direct_danger_in_the_walk_through_says_112_first(servers: Servers) -> None:
    who = "crisis-gevaar"
    servers.say(who, "/start_crisis")
    replies = servers.say(who, "ja")
    assert texts(replies)[0].startswith(EMERGENCY_LINE)
    assert "Stap 1 van 5" in last(replies)


def test_acute_message_during_a_step_gets_112_then_the_step_again(servers: Servers) -> None:
    who = "crisis-acuut"
    servers.say(who, "/start_crisis")
    servers.say(who, "nee")
    replies = servers.say(who, "ze trekken nu messen bij de sporthal")
    assert texts(replies)[0] == EMERGENCY_LINE
    assert "Stap 1 van 5" in last(replies)


def test_crisis_side_question_back_and_stop(servers: Servers) -> None:
    who = "crisis-zij"
    servers.say(who, "/start_crisis")
    servers.say(who, "nee")
    servers.say(who, "ja")
    side = servers.say(who, "wat is vredesbewaking precies?")
    assert "Vredesbewaking" in texts(side)[0] and "Stap 2 van 5" in last(side)
    back = servers.say(who, "vorige stap")
    assert "Stap 1 van 5" in last(back)
    assert "gestopt met de vragen" in last(servers.say(who, "stop"))
