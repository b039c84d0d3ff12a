"""Teams activities as Microsoft documents them, for the connector's tests.

Shapes follow Microsoft Learn, "Conversation basics" and "Channel and group chat
conversations with a bot" (message in personal scope; channel message with a mention entity
``<at>…</at>``, the thread in ``conversation.id`` as ``…;messageid=…``),
"Send proactive messages"/"conversationUpdate" (``membersAdded`` with the bot's id on
install), "Search commands" (``composeExtension/query`` with ``commandId`` and
``parameters``; ``composeExtension/selectItem`` with the preview's ``value``) and "Adaptive
Card actions in Teams" (an ``Action.Submit`` press arrives as a message with ``value``).
Ids are in Teams' formats (``29:…`` users, ``28:…`` bots, ``19:…@thread.tacv2`` channels,
``a:…`` personal conversations) but made up.
"""

from __future__ import annotations

import itertools
from typing import Any

BOT = {"id": "28:wegwijzer-bot-id", "name": "Wegwijzer"}
USER = {"id": "29:1a2b3c-user", "name": "Test Gebruiker", "aadObjectId": "6f1e2d3c-aad-user"}
OTHER_USER = {"id": "29:9z8y7x-user", "name": "Collega", "aadObjectId": "0a9b8c7d-aad-other"}
TENANT = {"id": "72f988bf-0000-4000-8000-tenant000001"}
CHANNEL = "19:4f5d0c8e1f2a4b3c@thread.tacv2"
_ids = itertools.count(1)


def _base(service_url: str, conversation: dict[str, Any], sender: dict[str, Any]) -> dict:
    return {
        "id": f"1700000000{next(_ids):03d}",
        "timestamp": "2026-11-28T12:00:00.000Z",
        "localTimestamp": "2026-11-28T13:00:00.000+01:00",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": sender,
        "recipient": BOT,
        "conversation": conversation,
        "channelData": {"tenant": TENANT},
        "locale": "nl-NL",
    }


def personal_conversation(user: dict[str, Any] = USER) -> dict[str, Any]:
    return {
        "conversationType": "personal",
        "tenantId": TENANT["id"],
        "id": f"a:1personal-{user['aadObjectId']}",
    }


def personal_message(service_url: str, text: str, user: dict[str, Any] = USER) -> dict:
    activity = _base(service_url, personal_conversation(user), user)
    activity.update(
        type="message",
        text=text,
        textFormat="plain",
        entities=[{"type": "clientInfo", "locale": "nl-NL", "country": "NL", "platform": "Web"}],
    )
    return activity


def _in_channel(
    service_url: str, channel: str, thread: str, sender: dict[str, Any]
) -> dict[str, Any]:
    """An activity from ``sender`` in ``channel``'s thread started by message ``thread``."""
    conversation = {
        "isGroup": True,
        "conversationType": "channel",
        "tenantId": TENANT["id"],
        "id": f"{channel};messageid={thread}",
    }
    activity = _base(service_url, conversation, sender)
    activity["channelData"].update(
        teamsChannelId=channel, teamsTeamId=channel, channel={"id": channel}, team={"id": channel}
    )
    return activity


def channel_message(service_url: str, text: str, thread: str = "1700000000999") -> dict:
    """``@Wegwijzer <text>`` in a team channel, in the thread started by ``thread``."""
    activity = _in_channel(service_url, CHANNEL, thread, USER)
    mention = "<at>Wegwijzer</at>"
    activity.update(
        type="message",
        text=f"{mention} {text}",
        textFormat="plain",
        entities=[
            {"type": "mention", "mentioned": BOT, "text": mention},
            {"type": "clientInfo", "locale": "nl-NL", "country": "NL", "platform": "Web"},
        ],
    )
    return activity


def card_submit(service_url: str, payload: str, user: dict[str, Any] = USER) -> dict:
    """An ``Action.Submit`` press on one of our cards in a personal chat."""
    activity = _base(service_url, personal_conversation(user), user)
    activity.update(type="message", value={"payload": payload})
    return activity


def bot_installed(service_url: str, members: list[dict[str, Any]] | None = None) -> dict:
    activity = _base(service_url, personal_conversation(), USER)
    activity.update(
        type="conversationUpdate",
        membersAdded=members if members is not None else [BOT],
        channelData={"tenant": TENANT, "eventType": "teamMemberAdded"},
    )
    return activity


def extension_query(service_url: str, text: str) -> dict:
    activity = _base(service_url, personal_conversation(), USER)
    activity.update(
        type="invoke",
        name="composeExtension/query",
        value={
            "commandId": "zoek",
            "parameters": [{"name": "zoekterm", "value": text}],
            "queryOptions": {"skip": 0, "count": 25},
        },
    )
    return activity


def extension_select(service_url: str, value: dict[str, Any]) -> dict:
    activity = _base(service_url, personal_conversation(), USER)
    activity.update(type="invoke", name="composeExtension/selectItem", value=value)
    return activity


def group_message(service_url: str, text: str) -> dict:
    """``@Wegwijzer <text>`` in a group chat (conversationType ``groupChat``)."""
    conversation = {
        "isGroup": True,
        "conversationType": "groupChat",
        "tenantId": TENANT["id"],
        "id": "19:meeting-group-chat-id@thread.v2",
    }
    activity = _base(service_url, conversation, OTHER_USER)
    mention = "<at>Wegwijzer</at>"
    activity.update(
        type="message",
        text=f"{mention} {text}",
        textFormat="plain",
        entities=[{"type": "mention", "mentioned": BOT, "text": mention}],
    )
    return activity


def card_submit_in_channel(
    service_url: str,
    channel: str,
    card_activity: str,
    value: dict[str, Any],
    user: dict[str, Any] = OTHER_USER,
) -> dict:
    """An ``Action.Submit`` press on the bot's card that started a thread in ``channel``
    (the card's activity id ``card_activity``): Teams sends the card's data and inputs as
    ``value``, in the thread's conversation, as a reply to the card."""
    activity = _in_channel(service_url, channel, card_activity, user)
    activity.update(type="message", value=value, replyToId=card_activity)
    return activity
