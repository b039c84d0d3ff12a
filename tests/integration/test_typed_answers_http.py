"""Typed answers to the assistant's own questions, over REST with the real servers and model
(issue 18): typing what a button says (exactly, with a typo, by letter, in a few words of
one's own) answers that question in every guided conversation, the tour and the quiz; an
explicit "stop, ik wil de quiz" still switches; a side question is not taken for a button;
a message clearly not in Dutch is told so; /crisis carries the 112 line."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.knowledge.loader import default_knowledge
from bot.safety import DANGER_REMINDER
from tests.servers import Servers, running
from tests.typos import typo

pytestmark = pytest.mark.model

PHASE_Q1 = "(1/4)"
PHASE_Q2 = "(2/4)"
SWITCHED = "ik ben gestopt met de vorige vragen"
TOUR_STEP_1 = "Rondleiding 1/"
_senders = itertools.count()


@pytest.fixture(scope="module")
def servers(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    with running(model_path, tmp_path_factory.mktemp("typed-answers")) as started:
        yield started


def conversation(servers: Servers, *messages: str) -> list[str]:
    """Send ``messages`` in a new conversation; the joined texts of the last reply."""
    sender = f"typed-{next(_senders)}"
    replies: list[dict] = []
    for message in messages:
        replies = servers.say(sender, message)
    return [r.get("text") or "" for r in replies]


def last_buttons(servers: Servers, sender: str, message: str) -> list[dict]:
    replies = servers.say(sender, message)
    return [b for r in replies for b in r.get("buttons") or []]


@pytest.mark.parametrize("typed", ["crisis", "Crisis!", "crissis", "ik kies crisis"])
def test_waar_staan_we_takes_the_typed_phase(servers: Servers, typed: str) -> None:
    reply = "\n".join(conversation(servers, "waar staan we?", typed))
    assert PHASE_Q2 in reply and SWITCHED not in reply


def test_waar_staan_we_to_the_end_typed(servers: Servers) -> None:
    reply = "\n".join(
        conversation(
            servers, "waar staan we?", "nazorg", "nee", "indirect doelwit", "ik ben wijkagent"
        )
    )
    assert "Fase: Nazorg" in reply and "Positie: Indirect doelwit" in reply
    assert "Rol: Politie" in reply


def test_a_side_question_is_not_taken_for_a_button(servers: Servers) -> None:
    reply = "\n".join(conversation(servers, "waar staan we?", "wat is nazorg eigenlijk?"))
    assert PHASE_Q2 not in reply and PHASE_Q1 in reply  # answered, then asked again


def test_an_explicit_switch_still_switches(servers: Servers) -> None:
    reply = "\n".join(conversation(servers, "waar staan we?", "stop, ik wil de quiz"))
    assert "Vraag 1 van" in reply


@pytest.mark.parametrize("typed", ["politie", "Poltie", "ik ben wijkagent", "jongerenwerker"])
def test_the_tour_takes_the_typed_role(servers: Servers, typed: str) -> None:
    reply = "\n".join(conversation(servers, "/start_tour", typed))
    assert TOUR_STEP_1 in reply


def test_the_tour_takes_typed_next(servers: Servers) -> None:
    reply = "\n".join(conversation(servers, "/start_tour", "gemeente", "volgende"))
    assert "Rondleiding 2/" in reply


def test_the_quiz_takes_a_letter_and_the_typed_text_of_an_option(servers: Servers) -> None:
    sender = f"typed-{next(_senders)}"
    buttons = last_buttons(servers, sender, "/start_quiz")
    for _ in range(5):
        titles = [b["title"] for b in buttons]
        if titles and titles[0].startswith("A. "):
            break
        buttons = last_buttons(servers, sender, "waar")  # a true/false question: answer it
    titles = [b["title"] for b in buttons]
    assert titles and titles[0].startswith("A. "), titles
    # the option's own words, without its letter, lower case and without the last word
    words = titles[1].removeprefix("B. ").lower().rstrip(".").split()
    replies = servers.say(sender, " ".join(words[: max(2, len(words) - 1)]))
    text = "\n".join(r.get("text") or "" for r in replies)
    assert "Het juiste antwoord is" in text or "Goed!" in text, text
    assert "Bron:" not in text.split("\n")[0]  # feedback, not an entry's answer


@pytest.mark.parametrize("typed", ["nee nu niet", "Nee, nu niet"])
def test_the_crisis_walk_through_takes_typed_answers(servers: Servers, typed: str) -> None:
    reply = "\n".join(conversation(servers, "/start_crisis", typed))
    assert "Stap 1 van 5" in reply
    reply = "\n".join(conversation(servers, "/start_crisis", typed, "volgende"))
    assert "Stap 2 van 5" in reply


def test_a_message_in_another_language_is_told_it_answers_in_dutch(servers: Servers) -> None:
    reply = "\n".join(conversation(servers, "How do I respond when provoked?"))
    assert "alleen in het Nederlands" in reply and "I only answer in Dutch" in reply
    assert "Call 112" in reply


def test_quick_crisis_has_the_112_line(servers: Servers) -> None:
    reply = "\n".join(conversation(servers, "/crisis"))
    assert DANGER_REMINDER in reply


def test_the_quiz_does_not_give_its_answer_away(servers: Servers) -> None:
    """A knowledge question while a quiz question is open waits: no entry, the question again."""
    sender = f"typed-{next(_senders)}"
    servers.say(sender, "/start_quiz")
    replies = servers.say(sender, "hoe reageer ik als ik word geprovoceerd?")
    text = "\n".join(r.get("text") or "" for r in replies)
    assert "Eerst de quizvraag" in text and "Vraag 1 van" in text
    assert "Bron:" not in text  # no entry's answer


def test_a_message_with_two_questions_answers_one_and_offers_the_other(servers: Servers) -> None:
    sender = f"typed-{next(_senders)}"
    replies = servers.say(
        sender,
        "hoe reageer ik als ik word geprovoceerd? en hoe ontkracht ik een gerucht na een incident?",
    )
    knowledge = default_knowledge()
    pair = {"provocatie-reageren", "gerucht-ontkrachten"}
    answers = [r["text"] for r in replies if "Bron:" in (r.get("text") or "")]
    also = [r for r in replies if (r.get("text") or "") == "Je vroeg ook:"]
    assert len(answers) == 1 and len(also) == 1, replies
    offered = [json.loads(b["payload"][b["payload"].index("{") :]) for b in also[0]["buttons"]]
    assert len(offered) == 1 and offered[0]["entry"] in pair
    (answered,) = pair - {offered[0]["entry"]}
    assert knowledge[answered].title in answers[0]


# --- questions about the conversation itself, answered in place ---------------------------


def test_what_does_this_item_mean_in_the_duidingsinstrument(servers: Servers) -> None:
    reply = "\n".join(conversation(servers, "/group_reading", "wat betekent dit item eigenlijk?"))
    assert "Waarom deze vraag?" in reply and "Bron:" in reply
    assert "Dat past niet bij deze vraag" not in reply
    assert "Pijler" in reply  # and the item is asked again


def test_why_do_you_ask_in_waar_staan_we(servers: Servers) -> None:
    reply = "\n".join(conversation(servers, "waar staan we?", "waarom vraag je dat?"))
    assert "Waarom deze vraag?" in reply and PHASE_Q1 in reply and PHASE_Q2 not in reply


def test_what_was_step_2_in_the_tour_and_the_tour_goes_on(servers: Servers) -> None:
    sender = f"typed-{next(_senders)}"
    for message in ("/start_tour", "politie", "volgende", "volgende"):
        servers.say(sender, message)
    recap = "\n".join(
        r.get("text") or "" for r in servers.say(sender, "wacht wat was stap 2 ook alweer")
    )
    assert "Rondleiding 2/" in recap and "Je was bij stap 4" in recap
    going_on = "\n".join(r.get("text") or "" for r in servers.say(sender, "volgende"))
    assert "Rondleiding 4/" in going_on


def test_why_do_you_ask_in_the_quiz(servers: Servers) -> None:
    reply = "\n".join(conversation(servers, "/start_quiz", "waarom vraag je dat"))
    assert "De quiz toetst" in reply and "Vraag 1 van" in reply


# --- every option of the first question of every flow, typed --------------------------------

FLOW_STARTS = {
    "waar staan we": "waar staan we?",
    "nazorg voor jezelf": "/aftercare_self",
    "groep duiden": "/group_reading",
    "mag ik dit delen": "/start_sharing",
    "crisis": "/start_crisis",
    "rondleiding": "/start_tour",
}


@pytest.mark.parametrize("flow", list(FLOW_STARTS))
def test_every_option_of_the_first_question_typed_answers_it(servers: Servers, flow: str) -> None:
    probe = f"typed-{next(_senders)}"
    options = [
        b["title"] for r in servers.say(probe, FLOW_STARTS[flow]) for b in r.get("buttons") or []
    ]
    assert len(options) >= 2, options
    for title in options:
        for typed in {title, title.lower(), typo(title) if len(title) >= 6 else title}:
            sender = f"typed-{next(_senders)}"
            servers.say(sender, FLOW_STARTS[flow])
            replies = servers.say(sender, typed)
            events = servers.tracker(sender)["events"]
            last = [e for e in events if e["event"] == "user"][-1]
            taken = (last["parse_data"].get("open_question") or {}).get("title")
            assert taken == title, (flow, typed, taken)
            assert SWITCHED not in "\n".join(r.get("text") or "" for r in replies)
