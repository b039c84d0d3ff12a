"""Typed text, bot commands and button payloads as channels hand them to Rasa."""

from __future__ import annotations

import pytest

from bot.channels.commands import COMMANDS, button_payload, typed_text


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_becomes_its_question(command: str) -> None:
    assert typed_text(f"/{command}") == COMMANDS[command][0]
    assert typed_text(f"  /{command.upper()} ") == COMMANDS[command][0]


def test_typed_text_cannot_trigger_an_intent() -> None:
    assert typed_text('/acute_danger{"x":"y"}') == 'acute_danger{"x":"y"}'
    assert typed_text("//show_entry") == "show_entry"
    assert typed_text("wat zeg ik als ik word uitgedaagd?") == "wat zeg ik als ik word uitgedaagd?"


def test_typed_text_is_cut_to_a_sane_length() -> None:
    assert len(typed_text("a" * 100_000)) == 2000


def test_button_payloads_pass_only_for_our_button_intents() -> None:
    assert button_payload('/show_entry{"entry":"provocatie-reageren"}') == (
        '/show_entry{"entry":"provocatie-reageren"}'
    )
    assert button_payload('/feedback{"entry":"x","rating":"down"}') is not None
    assert button_payload("/restart") is None
    assert button_payload('/show_entry{"entry": 5}') is None
    assert button_payload('/show_entry{"entry":') is None
    assert button_payload(42) is None


def test_a_plain_question_on_a_button_is_typed_text() -> None:
    assert button_payload("wat zeg ik als ik word uitgedaagd?") == (
        "wat zeg ik als ik word uitgedaagd?"
    )


def test_slashes_alone_are_empty_text() -> None:
    # Found by the fuzz run (tests/integration/test_bad_input.py): "/" used to raise an
    # IndexError → 500.
    for text in ["/", "//", " / ", "/ \n"]:
        assert typed_text(text) == ""
