"""A flow started inside a guided form, over REST with the real servers and model (issue 5
follow-up, "a conversation never gets stuck"): the reported case, "ik ben nieuw" while the
information-sharing helper waits for the role, ends the helper and starts the tour; the
helper does not ask again, and the next message continues the tour."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.situations.sharing import SLOTS as SHARING_SLOTS
from tests.servers import Servers, running

pytestmark = pytest.mark.model

SWITCHED = "Oké, ik ben gestopt met de vorige vragen"
ROLE_QUESTION = "Wat is je rol?"  # the sharing helper's
KIND_QUESTION = "Om wat voor informatie gaat het?"
TOUR_ROLE_QUESTION = "Voor welke rol wil je de rondleiding?"


@pytest.fixture(scope="module")
def servers(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    workdir = tmp_path_factory.mktemp("flow-switch")
    environment = {
        "WEGWIJZER_PROGRESS_DB": str(workdir / "progress.db"),
        "WEGWIJZER_PROGRESS_SECRET": "flow-switch-test-secret",
    }
    with running(model_path, workdir, environment) as started:
        yield started


def texts(replies: list[dict]) -> list[str]:
    return [r.get("text") or "" for r in replies]


def assert_helper_ended(servers: Servers, sender: str) -> None:
    tracker = servers.tracker(sender)
    assert not (tracker.get("active_loop") or {}).get("name")
    assert tracker["slots"]["requested_slot"] is None
    assert all(tracker["slots"][slot] is None for slot in SHARING_SLOTS)


def test_ik_ben_nieuw_at_the_role_question_starts_the_tour_not_the_question_again(
    servers: Servers,
) -> None:
    who = "wissel-rol"
    assert ROLE_QUESTION in texts(servers.say(who, "/start_sharing"))[-1]
    replies = texts(servers.say(who, "ik ben nieuw"))
    assert replies[0].startswith(SWITCHED)
    assert TOUR_ROLE_QUESTION in replies[-1]  # the tour's first step: for which role
    assert not any(ROLE_QUESTION in text for text in replies)
    assert_helper_ended(servers, who)
    (step,) = texts(servers.say(who, '/start_tour{"role":"jongerenwerker"}'))
    assert step.startswith("**Rondleiding 1/9")
    (step,) = texts(servers.say(who, "volgende"))
    assert step.startswith("**Rondleiding 2/9")
    assert servers.tracker(who)["slots"]["onboarding"] == "tour"


def test_ik_ben_nieuw_with_the_role_known_shows_the_first_tour_step(servers: Servers) -> None:
    who = "wissel-soort"
    servers.say(who, "/start_sharing")
    assert KIND_QUESTION in texts(servers.say(who, '/inform{"role":"jongerenwerker"}'))[-1]
    replies = texts(servers.say(who, "ik ben nieuw"))
    assert replies[0].startswith(SWITCHED)
    assert replies[-1].startswith("**Rondleiding 1/9")
    assert not any(KIND_QUESTION in text for text in replies)
    assert_helper_ended(servers, who)
    (step,) = texts(servers.say(who, "volgende"))
    assert step.startswith("**Rondleiding 2/9")
    assert servers.tracker(who)["slots"]["role"] == "jongerenwerker"  # the asker's role stays


def test_a_side_question_in_the_helper_still_gets_the_question_again(servers: Servers) -> None:
    who = "wissel-zijvraag"
    servers.say(who, "/start_sharing")
    servers.say(who, '/inform{"role":"jongerenwerker"}')
    replies = texts(servers.say(who, "wat is proportionaliteit?"))
    assert replies[0].startswith("**Proportionaliteit**")
    assert KIND_QUESTION in replies[-1]
    assert not any(SWITCHED in text for text in replies)


def test_the_quiz_asked_for_in_the_crisis_walk_through_ends_it(servers: Servers) -> None:
    who = "wissel-crisis-quiz"
    servers.say(who, "/start_crisis")
    assert texts(servers.say(who, "nee"))[-1].startswith("**Stap 1 van 5")
    replies = texts(servers.say(who, "/start_quiz"))
    assert replies[0].startswith(SWITCHED)
    assert replies[1].startswith("Quiz: 5 vragen") and replies[-1].startswith("**Vraag 1 van 5**")
    assert not any("Stap " in text for text in replies)
    tracker = servers.tracker(who)
    assert not (tracker.get("active_loop") or {}).get("name")
    assert tracker["slots"]["crisis_danger"] is None


def test_where_are_we_asked_for_during_aftercare_starts_that_flow(servers: Servers) -> None:
    who = "wissel-nazorg-fase"
    assert "(1/3)" in texts(servers.say(who, "/aftercare_self"))[-1]
    assert "(2/3)" in texts(servers.say(who, '/choose{"stressor":"dreiging"}'))[-1]
    replies = texts(servers.say(who, "/situation_phase"))
    assert replies[0].startswith(SWITCHED)
    assert "(1/4)" in replies[-1] and not any("/3)" in text for text in replies)
    assert "(2/4)" in texts(servers.say(who, '/choose{"phase":"crisis"}'))[-1]
    slots = servers.tracker(who)["slots"]
    assert slots["aftercare_stressor"] is None and slots["requested_slot"] == "situation_labels"
