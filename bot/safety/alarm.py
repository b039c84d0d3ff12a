"""Where the emergency line goes: before the answer, after it, or not at all."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.safety.net import framed_question, is_acute
from bot.safety.nlu import nlu_says_acute
from bot.safety.signs import emergency_lines

FIRST = "first"
AFTER = "after"
NONE = "none"


def alarm(text: str, parse: Mapping[str, Any] | None = None) -> str:
    """Where the emergency line goes for ``text``: :data:`FIRST` (before anything else)
    when the safety net reads danger now, or when the classifier's ``acute_danger`` counts
    (:func:`nlu_says_acute`) and the text is not a :func:`framed_question`; :data:`AFTER`
    (after the answer) when it counts but the text is framed; :data:`NONE` otherwise, also
    when the classifier says ``acute_danger`` with a low calibrated probability."""
    if is_acute(text, parse):
        return FIRST
    if nlu_says_acute(parse, text):
        return AFTER if framed_question(text) else FIRST
    return NONE


def emergency_first(
    text: str, replies: list[dict[str, Any]], recipient: str
) -> list[dict[str, Any]]:
    """The replies to ``text``, with the emergency line(s) first when ``text`` reads as
    danger now and no reply already starts with them. Channels apply this to every turn, so
    fixed responses (out of scope, greeting, fallback) also say 112 first."""
    if not is_acute(text):
        return replies
    lines = emergency_lines(text)
    if replies and (replies[0].get("text") or "").startswith(lines[0]):
        return replies
    return [{"recipient_id": recipient, "text": line} for line in lines] + replies
