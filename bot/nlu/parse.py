"""Reading Rasa's parse result: which knowledge entry was chosen or ranked.

Knowledge questions are one retrieval intent, ``knowledge``; its sub-intents are the entry
ids (``knowledge/<id>``). Our classifier (:mod:`bot.nlu.rasa_classifier`) writes its choice in
the field Rasa's ResponseSelector uses, ``response_selector.knowledge``. The actions and the
evaluation read the same fields through here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

RETRIEVAL_INTENT = "knowledge"
PREFIX = f"{RETRIEVAL_INTENT}/"


def _selector(parse: Mapping[str, Any]) -> Mapping[str, Any]:
    return (parse.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}


def selected_entry(parse: Mapping[str, Any]) -> str | None:
    """The entry id the classifier chose, if any."""
    key = (_selector(parse).get("response") or {}).get("intent_response_key") or ""
    return key.removeprefix(PREFIX) if key.startswith(PREFIX) else None


def ranked_entries(parse: Mapping[str, Any]) -> list[tuple[str, float]]:
    """Entry ids the classifier ranked, best first, with their confidence."""
    ranked = []
    for candidate in _selector(parse).get("ranking") or []:
        key = candidate.get("intent_response_key") or ""
        if key.startswith(PREFIX):
            ranked.append((key.removeprefix(PREFIX), candidate.get("confidence", 0.0)))
    return ranked
