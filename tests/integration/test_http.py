"""Chat over REST with the real servers, as a newcomer does after `make run`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.safety import EMERGENCY_LINE
from tests.servers import Servers, running

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("servers")


@pytest.fixture(scope="module")
def servers(model_path: Path, workdir: Path) -> Iterator[Servers]:
    with running(model_path, workdir) as started:
        yield started


def test_provocation_question_gets_the_guidance_with_its_source(servers: Servers) -> None:
    replies = servers.say("nieuwe-collega", "wat zeg ik als ik word uitgedaagd?")
    answer = replies[-1]["text"]
    assert "Herhaal de provocatie kort" in answer
    assert answer.splitlines()[-1].startswith("Bron: Greijdanus e.a. (2023), §4.2, p. 37–41")
    payloads = [b["payload"] for b in replies[-1]["buttons"]]
    assert '/show_entry{"entry":"provocatie-afsluiten"}' in payloads
    assert payloads[-2:] == [
        '/feedback{"entry":"provocatie-reageren","rating":"up"}',
        '/feedback{"entry":"provocatie-reageren","rating":"down"}',
    ]


def test_thumbs_down_over_rest_then_the_next_message_is_the_comment(servers: Servers) -> None:
    servers.say("rest-feedback", "hoe ontkracht ik een gerucht?")
    (ask,) = servers.say(
        "rest-feedback", '/feedback{"entry":"gerucht-ontkrachten","rating":"down"}'
    )
    assert "Wat miste je?" in ask["text"]
    assert [b["payload"] for b in ask["buttons"]] == ["/deny"]
    (thanks,) = servers.say("rest-feedback", "ik miste een voorbeeld voor Snapchat")
    assert "opmerking is bewaard" in thanks["text"]
    slots = [(e["name"], e["value"]) for e in servers.tracker("rest-feedback")["events"]
             if e["event"] == "slot"]  # fmt: skip
    assert ("feedback_comment", "ik miste een voorbeeld voor Snapchat") in slots
    (again,) = servers.say(
        "rest-feedback", '/feedback{"entry":"gerucht-ontkrachten","rating":"down"}'
    )
    (skipped,) = servers.say("rest-feedback", "/deny")
    assert skipped["text"].startswith("Prima, dan zonder opmerking")


def test_related_entry_button_over_rest(servers: Servers) -> None:
    replies = servers.say("nieuwe-collega", '/show_entry{"entry":"provocatie-afsluiten"}')
    assert "Uw veiligheid is belangrijk voor mij" in replies[-1]["text"]


def test_acute_danger_names_112_first(servers: Servers) -> None:
    replies = servers.say("straat", "er wordt nu iemand neergestoken bij het winkelcentrum")
    assert "112" in replies[0]["text"]


def test_a_framed_question_taken_for_acute_gets_its_answer_then_112(servers: Servers) -> None:
    """The NLU takes this protocol question for acute_danger; it is framed (bot.safety:
    framed_question), so the answer comes first and the emergency line right after it."""
    text = "wat moet er in een protocol staan voor als iemand in het buurthuis een mes trekt"
    replies = servers.say("protocol", text)
    intent = servers.tracker("protocol")["latest_message"]["intent"]["name"]
    assert intent == "acute_danger", "the premise changed: the model no longer says acute"
    assert "Bron: Greijdanus e.a. (2023)" in replies[0]["text"]
    assert replies[-1]["text"] == EMERGENCY_LINE


def test_unsure_offers_entries_and_answers_the_one_chosen(servers: Servers) -> None:
    (question,) = servers.say("twijfel", "hoe zit dat dan met die jongens en zo")
    assert question["text"].startswith("Ik weet niet zeker wat je bedoelt")
    replies = servers.say("twijfel", '/show_entry{"entry":"gerucht-ontkrachten"}')
    assert replies[-1]["text"].startswith("**Een gerucht of misinformatie ontkrachten**")
    assert replies[-1]["text"].splitlines()[-1].startswith("Bron: Greijdanus e.a. (2023), §5.1")
    events = servers.tracker("twijfel")["events"]
    loops = [e for e in events if e.get("event") == "active_loop"]
    assert not loops or loops[-1]["name"] is None  # no fallback loop left open


def test_out_of_scope_gives_no_knowledge_answer(servers: Servers) -> None:
    replies = servers.say("weer", "wat voor weer wordt het morgen in Utrecht?")
    assert all("Bron:" not in (r.get("text") or "") for r in replies)
    assert "Daar kan ik je niet mee helpen" in replies[0]["text"]


def test_conversations_survive_a_restart(servers: Servers, model_path: Path, workdir: Path) -> None:
    servers.say("blijft", "hoe ontkracht ik een gerucht na een steekpartij?")
    assert (workdir / "trackers.db").exists()
    with running(model_path, workdir) as restarted:
        events = restarted.tracker("blijft")["events"]
    texts = [e.get("text") for e in events if e.get("event") == "user"]
    assert "hoe ontkracht ik een gerucht na een steekpartij?" in texts


def test_police_asker_gets_the_partner_row_of_tabel_2(servers: Servers) -> None:
    replies = servers.say("wijkagent", "als wijkagent, wat mag ik van het jongerenwerk vragen?")
    text = replies[-1]["text"]
    assert text.startswith("**Informatie vragen aan jongerenwerkers")
    assert text.splitlines()[-1].startswith("Bron: Greijdanus e.a. (2023), §3.2, p. 18–28, Tabel 2")


def test_topics_can_be_browsed(servers: Servers) -> None:
    (menu,) = servers.say("blader", "welke onderwerpen zijn er?")
    assert [b["title"].split(" (")[0] for b in menu["buttons"]][:3] == [
        "Vredestijd", "Crisis", "Nazorg",
    ]  # fmt: skip
    (section,) = servers.say("blader", '/browse{"section":"bijlage"}')
    assert len(section["buttons"]) == 44


def test_the_http_api_needs_its_token(servers: Servers) -> None:
    import requests

    url = f"{servers.url}/conversations/nieuwe-collega/tracker"
    assert requests.get(url, timeout=30).status_code == 401
    assert requests.get(url, params={"token": "wrong"}, timeout=30).status_code == 401
    assert requests.get(url, params={"token": servers.token}, timeout=30).status_code == 200


def _outward_address() -> str | None:
    """This machine's address on its network (not loopback), if it has one."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: nothing is sent by a UDP connect
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_both_servers_listen_on_localhost_only(servers: Servers) -> None:
    import socket
    from urllib.parse import urlsplit

    address = _outward_address()
    if address is None:
        pytest.skip("this machine has no network address besides loopback")
    rasa_port = urlsplit(servers.url).port
    for port in (rasa_port, servers.actions.port):
        with socket.socket() as client:
            client.settimeout(5)
            assert client.connect_ex((address, port)) != 0, f"port {port} is open on {address}"
        with socket.socket() as client:
            client.settimeout(5)
            assert client.connect_ex(("127.0.0.1", port)) == 0, f"port {port} is closed locally"
