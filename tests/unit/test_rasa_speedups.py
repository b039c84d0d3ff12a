"""The action-response validation with a validator built once (bot/rasa_speedups.py) gives
Rasa's verdicts and errors, and is what the Rasa server runs."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

from bot import rasa_speedups

VALID: list[dict[str, Any]] = [
    {"events": [], "responses": []},
    {
        "events": [
            {"event": "slot", "name": "entry", "value": "provocatie-afsluiten", "timestamp": None},
            {"event": "active_loop", "name": None},
            {"event": "followup", "name": "action_listen"},
        ],
        "responses": [{"text": "Gevaar? Bel 112.", "buttons": [{"title": "Ja", "payload": "/a"}]}],
    },
]
INVALID: list[dict[str, Any]] = [
    {"events": "not a list", "responses": []},
    {"events": [{"event": "slot"}], "responses": []},  # a slot event without its name
    {"events": [], "responses": "not a list"},
]


def original(result: dict[str, Any]) -> None:
    """Rasa 3.6.21's check, as it is in its source."""
    validate(result, RemoteAction.action_response_format_spec())


@pytest.mark.parametrize("result", VALID)
def test_valid_answers_pass_both(result: dict[str, Any]) -> None:
    original(copy.deepcopy(result))
    assert rasa_speedups.validate_action_result(None, copy.deepcopy(result)) is True


@pytest.mark.parametrize("result", INVALID)
def test_invalid_answers_fail_both_with_rasas_message(result: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as theirs:
        original(copy.deepcopy(result))
    with pytest.raises(ValidationError) as ours:
        rasa_speedups.validate_action_result(None, copy.deepcopy(result))
    assert ours.value.message.startswith(theirs.value.message)
    assert "Failed to validate Action server response" in ours.value.message


def test_installed_by_the_tracker_store_and_only_on_the_pinned_rasa(tmp_path) -> None:
    from bot.privacy.tracker_store import RedactingTrackerStore

    RedactingTrackerStore(dialect="sqlite", db=str(tmp_path / "t.db"))
    assert RemoteAction._validate_action_result is rasa_speedups.validate_action_result
    assert rasa_speedups.install() is True  # idempotent
    action = RemoteAction("action_x", None)
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": "x", "responses": []})


def test_another_rasa_version_keeps_rasas_own_code(monkeypatch) -> None:
    import rasa

    monkeypatch.setattr(rasa_speedups, "_INSTALLED", "_not_yet_for_this_test")
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    assert rasa_speedups.install() is False
