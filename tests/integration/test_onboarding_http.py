"""The tour and the quiz over REST with the real servers and model: progress outlives a new
Rasa session (slots not carried over) and a restart of both servers."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from bot.onboarding.quiz import load_quiz
from tests.servers import Servers, running

pytestmark = pytest.mark.model

SECRET = {"WEGWIJZER_PROGRESS_SECRET": "http-test-secret"}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onboarding")


def _environment(workdir: Path) -> dict[str, str]:
    return {"WEGWIJZER_PROGRESS_DB": str(workdir / "progress.db"), **SECRET}


@pytest.fixture(scope="module")
def servers(model_path: Path, workdir: Path) -> Iterator[Servers]:
    with running(model_path, workdir, _environment(workdir)) as started:
        yield started


def new_session(servers: Servers, sender: str) -> None:
    """What Rasa does after 60 minutes without messages: a new session, slots reset."""
    response = requests.post(
        f"{servers.url}/conversations/{sender}/execute",
        params={"token": servers.token},
        json={"name": "action_session_start"},
        timeout=60,
    )
    response.raise_for_status()


def slot(servers: Servers, sender: str, name: str) -> object:
    return servers.tracker(sender)["slots"].get(name)


def test_the_welcome_offers_the_tour(servers: Servers) -> None:
    (greeting,) = servers.say("welkom", "hoi")
    assert greeting["buttons"][0] == {
        "title": "Rondleiding voor nieuwe collega's",
        "payload": "/start_tour",
    }


def test_tour_stop_new_session_and_restart_resume_where_left(
    servers: Servers, model_path: Path, workdir: Path
) -> None:
    (question,) = servers.say("nieuwe-jw", "ik ben nieuw hier")
    assert "Voor welke rol" in question["text"]
    (step,) = servers.say("nieuwe-jw", question["buttons"][0]["payload"])  # jongerenwerker
    assert step["text"].startswith("**Rondleiding 1/9: De cyclus in drie fases**")
    assert [b["title"] for b in step["buttons"]] == ["Volgende", "Meer hierover", "Stoppen"]
    for _ in range(4):
        (step,) = servers.say("nieuwe-jw", "/next_step")
    assert step["text"].startswith("**Rondleiding 5/9: Vredestijd: informatie delen**")
    assert "Voor jou als jongerenwerker (Tabel 2)" in step["text"]
    (more,) = servers.say("nieuwe-jw", "/tour_more")
    assert more["text"].startswith("**Informatie delen als jongerenwerker**")
    assert more["text"].splitlines()[-1].startswith("Bron: Greijdanus e.a. (2023), §3.2")

    (paused,) = servers.say("nieuwe-jw", "Stoppen")
    assert "op pauze na stap 5 van 9" in paused["text"]
    assert slot(servers, "nieuwe-jw", "onboarding") is None
    (reply,) = servers.say("nieuwe-jw", "stop")  # nothing runs any more
    assert reply["text"].startswith("Er loopt nu geen vragenreeks")

    new_session(servers, "nieuwe-jw")
    assert slot(servers, "nieuwe-jw", "role") is None
    welcome, step = servers.say("nieuwe-jw", "verder met de rondleiding")
    assert welcome["text"] == "Welkom terug! We gaan verder bij stap 6."
    assert step["text"].startswith("**Rondleiding 6/9: Crisis: de-escaleren**")

    with running(model_path, workdir, _environment(workdir)) as restarted:
        (step,) = restarted.say("nieuwe-jw", "volgende")
        assert step["text"].startswith("**Rondleiding 7/9")
        (progress,) = restarted.say("nieuwe-jw", "wat heb ik al gedaan?")
        assert progress["text"].startswith("Rondleiding: 7 van de 9 stappen gedaan.")


def test_a_quiz_round_by_buttons_with_feedback_score_and_progress(
    servers: Servers, workdir: Path
) -> None:
    bank = load_quiz()
    intro, question = servers.say("quizzer", "/start_quiz")
    assert intro["text"].startswith("Quiz: 5 vragen")
    asked = []
    for number in range(1, 6):
        assert question["text"].startswith(f"**Vraag {number} van 5**")
        first = json.loads(question["buttons"][0]["payload"].removeprefix("/quiz_answer"))
        item = bank[first["question"]]
        asked.append(item.id)
        choice = item.correct_choice if number != 2 else item.correct_choice % len(item.options) + 1
        replies = servers.say("quizzer", question["buttons"][choice - 1]["payload"])
        feedback = replies[0]["text"]
        assert feedback.startswith("❌ Helaas" if number == 2 else "✅ Goed!")
        assert item.explanation in feedback
        assert feedback.splitlines()[-1] == item.source.line
        question = replies[-1]
    assert question["text"].startswith("Je hebt 4 van de 5 vragen goed.")
    missed = bank[asked[1]].entry
    assert question["buttons"][0]["payload"] == f'/show_entry{{"entry":"{missed}"}}'
    (entry,) = servers.say("quizzer", question["buttons"][0]["payload"])
    assert "Bron: Greijdanus e.a. (2023)" in entry["text"]

    new_session(servers, "quizzer")
    (progress,) = servers.say("quizzer", "wat heb ik al gedaan?")
    assert "Quiz: 1 ronde(s) gespeeld, beste score 4/5." in progress["text"]

    with sqlite3.connect(workdir / "progress.db") as db:
        dump = "\n".join(db.iterdump())
    assert "quizzer" not in dump and "nieuwe-jw" not in dump
