"""Questions to the experts as tickets in the state database (bot/experts/tickets.py), on a
real SQLite file with a clock the test turns; PostgreSQL in tests/integration/
test_postgres_store.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot import storage
from bot.experts.tickets import ANSWERED, CLAIMED, CLOSED, OPEN, Tickets, purge_tickets
from tests.clock import Clock

SECRET = b"test-secret"
PLANTED = "Mo (16) uit de Molenwijk, 06-12345678, zegt dat Jayden van Dijk hem zoekt. Wat nu?"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'state.db'}"


@pytest.fixture
def tickets(database: str, clock: Clock) -> Tickets:
    return Tickets(storage.create_engine(database), SECRET, clock=clock)


def stored(tickets: Tickets) -> list[tuple]:
    path = tickets.engine.url.database
    assert path
    with sqlite3.connect(path) as db:
        return db.execute("SELECT * FROM expert_ticket").fetchall()


def test_a_question_is_claimed_answered_and_closed(tickets: Tickets, clock: Clock) -> None:
    ticket = tickets.open("web", "web:abc", "Hoe werkt het convenant in onze gemeente?")
    assert ticket.status == OPEN and tickets.waiting() == [ticket]
    clock.now += 60
    claimed = tickets.claim(ticket.id, "expert-1")
    assert claimed is not None and claimed.status == CLAIMED and claimed.updated == clock.now
    answered = tickets.answer(ticket.id, "expert-1", "Het convenant staat op intranet, §4.")
    assert answered is not None and answered.status == ANSWERED
    assert answered.answer == "Het convenant staat op intranet, §4."
    assert tickets.waiting() == []
    closed = tickets.close(ticket.id)
    assert closed is not None and closed.status == CLOSED
    assert tickets.close(ticket.id) is None  # once


def test_only_one_expert_can_claim_and_only_the_claimer_answers(tickets: Tickets) -> None:
    ticket = tickets.open("teams", "teams:conv-1", "Wie is hier de procesregisseur?")
    assert tickets.claim(ticket.id, "expert-1") is not None
    assert tickets.claim(ticket.id, "expert-2") is None
    assert tickets.answer(ticket.id, "expert-2", "Ik weet het!") is None
    assert tickets.answer(ticket.id, "expert-1", "Mevrouw de procesregisseur van OOV.")
    assert tickets.answer(ticket.id, "expert-1", "Nog een keer") is None  # already answered
    assert tickets.claim("unknown", "expert-1") is None


def test_what_people_typed_is_stored_redacted_and_experts_as_keyed_hashes(
    tickets: Tickets,
) -> None:
    ticket = tickets.open("web", "web:abc", PLANTED)
    tickets.claim(ticket.id, "29:expert-teams-id")
    tickets.answer(ticket.id, "29:expert-teams-id", "Bel Jayden van Dijk niet zelf: 06-87654321.")
    text = repr(stored(tickets))
    for personal in ("Mo (16)", "12345678", "Jayden", "Dijk", "87654321", "expert-teams-id"):
        assert personal not in text, personal
    assert "[NAAM]" in text and "[TELEFOON]" in text and "Molenwijk" in text


def test_tickets_survive_a_restart(database: str, tickets: Tickets) -> None:
    ticket = tickets.open("teams", "teams:conv-2", "Wat is het nummer van het Veiligheidshuis?")
    tickets.claim(ticket.id, "expert-1")
    again = Tickets(storage.create_engine(database), SECRET)  # another process, same database
    assert again.get(ticket.id) == tickets.get(ticket.id)
    assert again.answer(ticket.id, "expert-1", "Dat staat in de sociale kaart.") is not None


def test_purged_after_the_retention_period(tickets: Tickets, clock: Clock) -> None:
    old = tickets.open("web", "web:a", "Een oude vraag?")
    clock.now += 10 * 86400
    recent = tickets.open("web", "web:b", "Een nieuwe vraag?")
    assert purge_tickets(tickets.engine, days=5, now=clock.now) == 1
    assert tickets.get(old.id) is None and tickets.get(recent.id) is not None


def test_nonsense_is_refused(tickets: Tickets) -> None:
    with pytest.raises(ValueError):
        tickets.open("fax", "x", "vraag")
    with pytest.raises(ValueError):
        tickets.open("web", "web:a", "   ")
