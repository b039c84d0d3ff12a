"""After real conversations over REST, no planted personal data is in the SQLite tracker
store or the servers' logs — while the assistant still answered from the original text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import Servers, running

pytestmark = pytest.mark.model

CONVERSATION = [
    "Mo (16) uit de Molenwijk, 06-12345678, dreigt op Snap met wraak, wat zeg ik tegen hem?",
    "zijn moeder Fatima el Amrani belde vanaf 0612345679, ze woont op de Kerkstraat 14",
    "mail mij op j.de.vries@gemeente.nl of bel +31 6 23456789",
    "zijn insta is @mo_molenwijk010, mag ik dit delen met de wijkagent?",
    "BSN 111222333 en postcode 3512 AB 7, geboren 12-03-2008",
]
PLANTED = [
    "06-12345678", "Fatima el Amrani", "0612345679", "Kerkstraat 14", "j.de.vries@gemeente.nl",
    "+31 6 23456789", "@mo_molenwijk010", "mo_molenwijk010", "111222333", "3512 AB",
    "12-03-2008",
]  # fmt: skip


@pytest.fixture(scope="module")
def servers(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    with running(model_path, tmp_path_factory.mktemp("privacy")) as servers:
        yield servers


@pytest.fixture(scope="module")
def replies(servers: Servers) -> list[list[dict]]:
    return [servers.say("privacy-test", message) for message in CONVERSATION]


def test_the_assistant_answered_from_the_original_text(replies: list[list[dict]]) -> None:
    assert "Bron: Greijdanus e.a. (2023)" in replies[0][-1]["text"]
    assert "Bron: Greijdanus e.a. (2023)" in replies[3][-1]["text"]


def test_no_planted_data_in_the_tracker_store(servers: Servers, replies: list) -> None:
    raw = (servers.workdir / "trackers.db").read_bytes().decode("utf-8", errors="ignore")
    assert "[TELEFOON]" in raw and "Molenwijk" in raw
    assert [p for p in PLANTED if p in raw] == []


def test_no_planted_data_in_what_the_api_returns(servers: Servers, replies: list) -> None:
    tracker = str(servers.tracker("privacy-test"))
    assert [p for p in PLANTED if p in tracker] == []


def test_no_planted_data_or_message_text_in_the_logs(servers: Servers, replies: list) -> None:
    log = (servers.workdir / "servers.log").read_text(encoding="utf-8", errors="ignore")
    assert [p for p in PLANTED if p in log] == []
    assert "dreigt op Snap" not in log
