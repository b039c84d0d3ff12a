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


def test_an_answer_is_taken_once_and_only_by_its_own_conversation(tickets: Tickets) -> None:
    reply_to = {"service_url": "https://smba.example/emea/", "conversation": "a:1x"}
    mine = tickets.open("teams", "teams:u1", "Wie belt de school?", reply_to)
    assert mine.reply_address() == reply_to and not mine.delivered
    other = tickets.open("web", "web:b", "Wie belt de ouders?")
    assert tickets.take_answers("teams:u1") == []  # not answered yet
    tickets.claim(mine.id, "e")
    tickets.answer(mine.id, "e", "De teamleider.")
    tickets.claim(other.id, "e")
    tickets.answer(other.id, "e", "De wijkagent.")
    (taken,) = tickets.take_answers("teams:u1")
    assert taken.id == mine.id and taken.answer == "De teamleider."
    assert tickets.take_answers("teams:u1") == [] and not tickets.mark_delivered(mine.id)
    assert tickets.mark_delivered(other.id) and tickets.take_answers("web:b") == []
    tickets.set_card(other.id, {"service_url": "s", "conversation": "c", "activity": "a"})
    stored_other = tickets.get(other.id)
    assert stored_other is not None and stored_other.card_address() == {
        "service_url": "s", "conversation": "c", "activity": "a"
    }  # fmt: skip


def test_a_table_from_before_the_way_back_gets_its_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:  # expert_ticket as the first version created it
        db.execute(
            "CREATE TABLE expert_ticket (id VARCHAR(32) PRIMARY KEY, channel VARCHAR(16) NOT "
            "NULL, conversation VARCHAR(255) NOT NULL, question TEXT NOT NULL, status "
            "VARCHAR(10) NOT NULL, expert_key VARCHAR(64), answer TEXT, created BIGINT NOT "
            "NULL, updated BIGINT NOT NULL)"
        )
        db.execute(
            "INSERT INTO expert_ticket VALUES ('t1', 'web', 'web:a', 'Vraag?', 'open', NULL, "
            "NULL, 1, 1)"
        )
    tickets = Tickets(storage.create_engine(f"sqlite:///{path}"), SECRET)
    old = tickets.get("t1")
    assert old is not None and old.reply_to is None and old.card is None and not old.delivered
    assert tickets.claim("t1", "e") is not None
    with sqlite3.connect(path) as db:
        indexes = {row[1] for row in db.execute("PRAGMA index_list(expert_ticket)")}
    assert "ix_expert_ticket_conversation" in indexes
