"""The guided situations (issue 6b) over REST with the real servers: the forms ask, record,
go back, stop, say 112/113 first, and end with advice from the report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.safety import EMERGENCY_LINE, SUICIDE_LINE
from tests.servers import Servers, running

pytestmark = pytest.mark.model

SUPPORT = "Bel het nazorgteam van Gemeente Voorbeeld: toestel 1234."


@pytest.fixture(scope="module")
def servers(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    workdir = tmp_path_factory.mktemp("situations")
    with running(model_path, workdir, {"WEGWIJZER_SUPPORT_TEXT": SUPPORT}) as started:
        yield started


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def slots(servers: Servers, sender: str) -> dict:
    return servers.tracker(sender)["slots"]


def test_where_are_we_asks_four_questions_and_advises_for_the_role(servers: Servers) -> None:
    user = "fase"
    assert "(1/4)" in texts(servers.say(user, "kun je me helpen bepalen waar we nu staan?"))
    assert "(2/4)" in texts(servers.say(user, '/choose{"phase":"crisis"}'))
    assert "(3/4)" in texts(servers.say(user, "ja"))
    assert "(4/4)" in texts(servers.say(user, '/choose{"position":"indirect"}'))
    replies = servers.say(user, '/choose{"role":"politie"}')
    advice = replies[-1]["text"]
    assert "Fase: Crisis" in advice and "Positie: Indirect doelwit" in advice
    assert "Crisis: grijp in tijdens de acute situatie" in advice
    assert "Ga na of je indirect doelwit bent" in advice
    assert advice.splitlines()[-1].startswith("Bron: Greijdanus e.a. (2023), §Conclusies")
    titles = [b["title"] for b in replies[-1]["buttons"]]
    assert "Checklist crisis: zo grijp je in" in titles
    assert "Informatie vragen aan jongerenwerkers (gemeente, politie)" in titles
    assert slots(servers, user)["situation_phase"] is None  # answers cleared; role kept
    assert slots(servers, user)["role"] == "politie"


def test_where_are_we_takes_typed_answers(servers: Servers) -> None:
    user = "fase-getypt"
    servers.say(user, "waar staan we nu eigenlijk?")
    assert "(2/4)" in texts(servers.say(user, "we zitten in de nazorg"))
    assert "(3/4)" in texts(servers.say(user, "geen idee"))
    assert "(4/4)" in texts(servers.say(user, "ik ben eerder bemiddelaar"))
    advice = servers.say(user, "gemeente")[-1]["text"]
    assert "Fase: Nazorg" in advice and "Positie: Neutrale derde partij" in advice


def test_where_are_we_skips_the_role_question_when_the_role_is_known(servers: Servers) -> None:
    user = "fase-rol"
    servers.say(user, "als jongerenwerker: waar staan we nu, loop je met me mee?")
    servers.say(user, "/dont_know")
    servers.say(user, "nee")
    replies = servers.say(user, "/dont_know")
    assert "Rol: Jongerenwerker" in replies[-1]["text"]
    assert "Vraag je af: in welke fase zit je" in replies[-1]["text"]


def test_where_are_we_back_side_question_and_danger(servers: Servers) -> None:
    user = "fase-terug"
    servers.say(user, "help me de situatie plaatsen, waar staan we?")
    servers.say(user, '/choose{"phase":"nazorg"}')
    assert "(1/4)" in texts(servers.say(user, "terug"))
    side = servers.say(user, "wat is een geweldspiraal?")
    assert "geweldspiraal" in side[0]["text"].lower() and "(1/4)" in side[-1]["text"]
    danger = servers.say(user, "er staat hier nu een jongen met een mes te zwaaien")
    assert danger[0]["text"] == EMERGENCY_LINE
    assert "(1/4)" in danger[-1]["text"]
    assert "Oké, we stoppen hier" in texts(servers.say(user, "stop"))
    assert slots(servers, user)["requested_slot"] is None


def test_aftercare_says_no_diagnosis_and_ends_with_the_configured_support(
    servers: Servers,
) -> None:
    user = "nazorg"
    first = texts(servers.say(user, "nazorg voor mezelf na het incident, loop je mee?"))
    assert "geen diagnose" in first and "(1/3)" in first
    servers.say(user, '/choose{"stressor":"dreiging"}')
    servers.say(user, "nee")
    replies = servers.say(user, "ja")
    assert len(replies) == 3
    assert "Check operationele stressoren" in replies[0]["text"]
    assert "Herinterpretatie:" in replies[0]["text"]
    assert "Creëer binnen de organisatie een veilige werkcultuur" in replies[1]["text"]
    assert "Pak stigmatisering aan" in replies[1]["text"]  # for a team leader
    assert SUPPORT in replies[2]["text"] and "geen diagnose" in replies[2]["text"]
    assert replies[0]["text"].splitlines()[-1].startswith("Bron: Greijdanus e.a. (2023), §5.2")


def test_aftercare_self_harm_gets_113_first_and_stops(servers: Servers) -> None:
    user = "nazorg-113"
    servers.say(user, "ik wil de nazorgvragen voor mezelf doorlopen")
    replies = servers.say(user, "eerlijk gezegd wil ik mezelf iets aandoen")
    assert replies[0]["text"] == SUICIDE_LINE
    assert "we stoppen hier" in texts(replies)
    assert slots(servers, user)["requested_slot"] is None


def test_aftercare_any_mention_of_suicide_gets_113_first(servers: Servers) -> None:
    user = "nazorg-113-soms"
    servers.say(user, "nazorg voor mezelf, stap voor stap graag")
    replies = servers.say(user, "ik heb soms zelfmoordgedachten sinds die avond")
    assert replies[0]["text"] == SUICIDE_LINE


def test_group_reading_records_skips_goes_back_and_hands_back_markdown(
    servers: Servers,
) -> None:
    user = "groep"
    first = texts(servers.say(user, "kunnen we samen het duidingsinstrument invullen?"))
    assert "Pijler 1 van 4: Groepskenmerken" in first and "**1. Historie**" in first
    assert "**2. Homogeniteit**" in texts(servers.say(user, "ja"))
    servers.say(user, "/deny")
    assert "**2. Homogeniteit**" in texts(servers.say(user, "terug"))
    servers.say(user, "/dont_know")
    assert "Pijler 2 van 4" in texts(servers.say(user, "/skip_pillar"))
    servers.say(user, "/skip")
    replies = servers.say(user, "stop")
    markdown = replies[-1]["text"]
    assert markdown.startswith("# Duidingsinstrument (ingevuld in dit gesprek)")
    assert "Niet afgemaakt" in markdown
    assert "| 1 | Historie | ja |" in markdown
    assert "| 2 | Homogeniteit | weet niet |" in markdown
    assert "| 3 | Leeftijdsopbouw | pijler overgeslagen |" in markdown
    assert "| 12 | Aantrekkingskracht | overgeslagen |" in markdown
    assert "## 3. Criminaliteit en houding\n\n_Nog niet doorlopen._" in markdown
    assert slots(servers, user)["group_answers"] is None  # kept only in the conversation


def test_group_reading_completes_after_the_last_pillar(servers: Servers) -> None:
    user = "groep-alles"
    servers.say(user, "start het duidingsinstrument")
    for _ in range(3):
        servers.say(user, "/skip_pillar")
    servers.say(user, "/affirm")
    replies = servers.say(user, "/skip_pillar")
    markdown = replies[-1]["text"]
    assert "Niet afgemaakt" not in markdown
    assert "| 32 | Lichtverstandelijke beperkingsproblematiek | ja |" in markdown
    assert [b["title"] for b in replies[-1]["buttons"]] == [
        "Duidingsitem: Lichtverstandelijke beperkingsproblematiek",
        "Duidingsinstrument voor problematische groepen (online)",
    ]
    events = servers.tracker(user)["events"]
    assert [e for e in events if e.get("event") == "active_loop"][-1]["name"] is None


def test_group_reading_danger_gets_112_first_then_the_item_again(servers: Servers) -> None:
    user = "groep-112"
    servers.say(user, "loop het duidingsinstrument met me door")
    replies = servers.say(user, "er wordt nu geschoten bij het plein, wat moet ik doen")
    assert replies[0]["text"] == EMERGENCY_LINE
    assert "**1. Historie**" in replies[-1]["text"]
