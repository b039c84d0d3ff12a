"""What came before in a conversation, read from a tracker's events (rasa-sdk event dicts).

Actions use this to read a message against the turn before it: the previous question (for
follow-ups, :mod:`bot.context`) and the assistant's previous action (after an alarm, "wat
moet ik nu doen" offers the crisis walk-through).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

# Actions Rasa runs around every turn; they say nothing about what the assistant did.
_BOOKKEEPING = {"action_listen", "action_extract_slots", "action_session_start", None}


def _latest_user_index(events: Sequence[Mapping[str, Any]]) -> int | None:
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "user":
            return index
    return None


def previous_user_text(events: Sequence[Mapping[str, Any]]) -> str:
    """The text of the user message before the latest one ("" if there is none)."""
    latest = _latest_user_index(events)
    if latest is None:
        return ""
    for event in reversed(events[:latest]):
        if event.get("event") == "user":
            return str(event.get("text") or "")
    return ""


def previous_action(events: Sequence[Mapping[str, Any]]) -> str | None:
    """The assistant's last action before the latest user message (bookkeeping skipped)."""
    latest = _latest_user_index(events)
    if latest is None:
        return None
    for event in reversed(events[:latest]):
        if event.get("event") == "action" and event.get("name") not in _BOOKKEEPING:
            return str(event.get("name"))
        if event.get("event") == "user":
            return None
    return None


def set_in_previous_turn(events: Sequence[Mapping[str, Any]], slot: str) -> bool:
    """True when ``slot`` was set to a true value in the assistant's previous turn (between
    the user message before the latest one and the latest one)."""
    latest = _latest_user_index(events)
    if latest is None:
        return False
    for event in reversed(events[:latest]):
        if event.get("event") == "user":
            return False
        if event.get("event") == "slot" and event.get("name") == slot:
            return bool(event.get("value"))
    return False
