"""The experts' card for each state of a ticket (bot/experts/cards.py): valid Adaptive
Card 1.5, the right buttons, the answer field only while claimed, and the submits read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft6Validator

from bot import storage
from bot.experts.cards import ANSWER_FIELD, SUBMIT_KEY, submitted, ticket_card
from bot.experts.tickets import Tickets
from tests.clock import Clock
from tests.unit.test_teams_cards import actions, assert_valid, card_validator, texts, walk

__all__ = ["card_validator"]  # the schema fixture, shared


@pytest.fixture
def tickets(tmp_path: Path) -> Tickets:
    return Tickets(storage.create_engine(f"sqlite:///{tmp_path / 's.db'}"), b"s", clock=Clock())


def titles(card: dict) -> list[str]:
    return [a["title"] for a in actions(card)]


def test_each_state_has_its_card(tickets: Tickets, card_validator: Draft6Validator) -> None:
    ticket = tickets.open("web", "web:a", "Mo (16) wordt bedreigd, wie belt de ouders?")
    open_card = ticket_card(ticket)
    assert_valid(card_validator, open_card)
    assert titles(open_card) == ["Ik pak dit op", "Sluiten"]
    assert "[NAAM] (16) wordt bedreigd, wie belt de ouders?" in texts(open_card)
    assert "Mo (16)" not in str(open_card)
    assert not [o for o in walk(open_card) if o.get("type") == "Input.Text"]

    claimed = tickets.claim(ticket.id, "29:anna")
    assert claimed is not None
    card = ticket_card(claimed, expert="Anna de Vries")
    assert_valid(card_validator, card)
    assert titles(card) == ["Antwoord versturen", "Sluiten"]
    assert "Opgepakt door Anna de Vries." in texts(card)
    assert [o["id"] for o in walk(card) if o.get("type") == "Input.Text"] == [ANSWER_FIELD]

    answered = tickets.answer(ticket.id, "29:anna", "De wijkagent, na overleg met OOV.")
    assert answered is not None
    card = ticket_card(answered, expert="Anna de Vries")
    assert_valid(card_validator, card)
    assert titles(card) == ["Maak er een lokaal item van", "Sluiten"]
    assert "De wijkagent, na overleg met OOV." in texts(card)

    closed = tickets.close(ticket.id)
    assert closed is not None
    card = ticket_card(closed)
    assert_valid(card_validator, card)
    assert titles(card) == [] and "Gesloten." in texts(card)


def test_submits_are_read_back_and_anything_else_is_not(tickets: Tickets) -> None:
    ticket = tickets.open("teams", "teams:c", "Wie is de procesregisseur?")
    for action in actions(ticket_card(ticket)):
        step, ticket_id, answer = submitted(action["data"]) or ("", "", "x")
        assert ticket_id == ticket.id and step in ("claim", "close") and answer == ""
    value = {SUBMIT_KEY: "answer", "ticket": ticket.id, ANSWER_FIELD: "  Bel OOV.  "}
    assert submitted(value) == ("answer", ticket.id, "Bel OOV.")
    for other in (None, "tekst", {}, {SUBMIT_KEY: "hack", "ticket": "x"}, {SUBMIT_KEY: "claim"},
                  {"payload": "/greet"}):  # fmt: skip
        assert submitted(other) is None
