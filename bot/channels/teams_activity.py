"""What an incoming Bot Framework activity must look like before the Teams channel acts on it.

:func:`shape_problem` checks the fields the channel reads against a JSON Schema (the
``jsonschema`` library that Rasa already depends on), so that a malformed activity or invoke
gets 400 instead of an exception deep inside (a list where an object belongs, a number for
``channelId``, parameters that are a string). :func:`identity_problem` checks who it is from:
only channels the installation accepts (``msteams`` unless ``TEAMS_CHANNELS`` says more) and,
for Teams, only tenants on the allow-list (``TEAMS_ALLOWED_TENANTS``; default the bot's own
tenant, ``TEAMS_TENANT_ID``). Both return None when all is well, else a short reason that
names no user data.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from jsonschema import Draft7Validator

TEAMS = "msteams"

_ID = {"type": "string", "minLength": 1, "maxLength": 1024}
_TEXT = {"type": "string", "maxLength": 64 * 1024}
_ACCOUNT = {
    "type": "object",
    "properties": {"id": _ID, "aadObjectId": _ID, "name": {"type": "string"}},
}
_PARAMETER = {"type": "object", "properties": {"name": {"type": "string"}}}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "channelId", "serviceUrl", "conversation", "from"],
    "properties": {
        "type": {"type": "string", "minLength": 1, "maxLength": 64},
        "id": _ID,
        "name": {"type": "string", "maxLength": 256},
        "channelId": {"type": "string", "minLength": 1, "maxLength": 64},
        "serviceUrl": {"type": "string", "minLength": 1, "maxLength": 2048},
        "text": _TEXT,
        "replyToId": _ID,
        "conversation": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": _ID,
                "conversationType": {"type": "string"},
                "tenantId": {"type": "string"},
            },
        },
        "from": {**_ACCOUNT, "required": ["id"]},
        "recipient": _ACCOUNT,
        "membersAdded": {"type": "array", "items": _ACCOUNT, "maxItems": 1000},
        "entities": {
            "type": "array",
            "maxItems": 100,
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "text": {"type": "string"},
                    "mentioned": _ACCOUNT,
                },
            },
        },
        "value": {
            "type": ["object", "null"],
            "properties": {
                "payload": {"type": "string", "maxLength": 4096},
                "entry": {"type": "string", "maxLength": 256},
                "parameters": {"type": "array", "items": _PARAMETER, "maxItems": 20},
            },
        },
        "channelData": {
            "type": ["object", "null"],
            "properties": {
                "tenant": {"type": "object", "properties": {"id": {"type": "string"}}},
            },
        },
    },
}
_VALIDATOR = Draft7Validator(SCHEMA)


def shape_problem(activity: Any) -> str | None:
    """Why ``activity`` is not an activity the channel can read (None if it is)."""
    error = next(iter(_VALIDATOR.iter_errors(activity)), None)
    if error is None:
        return None
    where = "/".join(str(part) for part in error.absolute_path) or "activity"
    return f"{where}: {error.validator} {error.validator_value!r}"[:200]


def tenant_of(activity: Mapping[str, Any]) -> str | None:
    """The Entra tenant a Teams activity comes from (``channelData.tenant.id``)."""
    tenant = ((activity.get("channelData") or {}).get("tenant") or {}).get("id")
    return tenant if isinstance(tenant, str) and tenant else None


def identity_problem(
    activity: Mapping[str, Any], channels: Collection[str], tenants: Collection[str]
) -> str | None:
    """Why an authenticated ``activity`` is refused: a channel not in ``channels``, or for
    Teams a tenant not in ``tenants`` (an empty ``tenants`` accepts any)."""
    channel = activity.get("channelId")
    if channel not in channels:
        return "channel not accepted"
    if channel == TEAMS and tenants and tenant_of(activity) not in tenants:
        return "tenant not accepted"
    return None
