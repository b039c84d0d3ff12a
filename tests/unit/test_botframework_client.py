"""Replies to the Bot Connector service, with a token from the tenant's own token endpoint.

Real HTTP against local stand-ins: the token endpoint counts requests, the Bot Connector
stand-in accepts only tokens that endpoint issued and records what was posted where.
"""

from __future__ import annotations

import asyncio
import time
from email.utils import formatdate
from typing import Any

import pytest

from bot.channels.botframework_client import (
    MAX_ATTEMPTS,
    BotConnectorClient,
    SendError,
    TokenRequestError,
    UnsafeServiceUrlError,
    retry_after_seconds,
)
from tests.botframework_fakes import APP_ID, APP_PASSWORD, ConnectorServer, FakeClock, TokenServer

TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47"
CHANNEL_THREAD = "19:c0ffee0123456789abcdef@thread.skype;messageid=1481567603816"
PERSONAL_CHAT = "a:1Sw6X8Hj3Vk9Rz0Lq2Tn4Yb7Mc5Gd8Pf0Ke1Ua3Wi6Oy9"


def make_client(tokens: TokenServer, **options: Any) -> BotConnectorClient:
    options.setdefault("allow_insecure_localhost", True)
    return BotConnectorClient(
        APP_ID, APP_PASSWORD, TENANT_ID, token_endpoint=tokens.token_endpoint, **options
    )


def message(text: str) -> dict[str, Any]:
    return {"type": "message", "text": text}


def test_reply_is_posted_to_the_thread_with_the_bots_token(
    tokens: TokenServer, connector: ConnectorServer
) -> None:
    async def scenario() -> dict[str, Any]:
        async with make_client(tokens) as client:
            return await client.send(
                connector.service_url, CHANNEL_THREAD, message("Hallo"), reply_to_id="1481567603816"
            )

    answer = asyncio.run(scenario())
    (posted,) = connector.activities
    assert answer == {"id": "activity-1"}
    assert posted.raw_path == (
        "/teams/v3/conversations/"
        "19%3Ac0ffee0123456789abcdef%40thread.skype%3Bmessageid%3D1481567603816"
        "/activities/1481567603816"
    )
    assert (posted.conversation_id, posted.activity_id) == (CHANNEL_THREAD, "1481567603816")
    assert posted.body == message("Hallo")
    assert posted.authorization == f"Bearer {tokens.issued[0]}"


def test_new_message_goes_to_the_conversation(
    tokens: TokenServer, connector: ConnectorServer
) -> None:
    async def scenario() -> None:
        async with make_client(tokens) as client:
            await client.send(connector.service_url.rstrip("/"), PERSONAL_CHAT, message("Welkom"))

    asyncio.run(scenario())
    (posted,) = connector.activities
    assert (
        posted.raw_path == f"/teams/v3/conversations/{PERSONAL_CHAT.replace(':', '%3A')}/activities"
    )
    assert posted.activity_id is None


def test_token_is_fetched_once_for_several_sends(
    tokens: TokenServer, connector: ConnectorServer
) -> None:
    async def scenario() -> None:
        async with make_client(tokens) as client:
            for n in range(3):
                await client.send(connector.service_url, PERSONAL_CHAT, message(f"{n}"))

    asyncio.run(scenario())
    (request,) = tokens.requests
    assert request.tenant == TENANT_ID
    assert request.form == {
        "grant_type": "client_credentials",
        "client_id": APP_ID,
        "client_secret": APP_PASSWORD,
        "scope": "https://api.botframework.com/.default",
    }
    assert [a.token for a in connector.activities] == [tokens.issued[0]] * 3


def test_token_is_refreshed_shortly_before_it_expires(
    tokens: TokenServer, connector: ConnectorServer
) -> None:
    clock = FakeClock()

    async def scenario() -> None:
        async with make_client(tokens, clock=clock) as client:
            await client.send(connector.service_url, PERSONAL_CHAT, message("1"))
            clock.now += 3600 - 6 * 60  # 6 minutes left: still used
            await client.send(connector.service_url, PERSONAL_CHAT, message("2"))
            clock.now += 2 * 60  # 4 minutes left: within the 5 minute margin
            await client.send(connector.service_url, PERSONAL_CHAT, message("3"))
            await client.send(connector.service_url, PERSONAL_CHAT, message("4"))

    asyncio.run(scenario())
    assert len(tokens.requests) == 2
    first, second = tokens.issued
    assert [a.token for a in connector.activities] == [first, first, second, second]


def test_concurrent_sends_share_one_token_request(
    tokens: TokenServer, connector: ConnectorServer
) -> None:
    tokens.delay = 0.2  # the login service is slow, so all sends wait for the same token

    async def scenario() -> None:
        async with make_client(tokens) as client:
            await asyncio.gather(
                *(
                    client.send(connector.service_url, PERSONAL_CHAT, message(f"{n}"))
                    for n in range(8)
                )
            )

    asyncio.run(scenario())
    assert len(tokens.requests) == 1
    assert len(connector.activities) == 8
    assert {a.token for a in connector.activities} == {tokens.issued[0]}


def test_multi_tenant_uses_the_botframework_tenant(
    tokens: TokenServer, connector: ConnectorServer
) -> None:
    async def scenario() -> None:
        client = BotConnectorClient(
            APP_ID,
            APP_PASSWORD,
            None,
            token_endpoint=tokens.token_endpoint,
            allow_insecure_localhost=True,
        )
        try:
            await client.send(connector.service_url, PERSONAL_CHAT, message("hoi"))
        finally:
            await client.close()

    asyncio.run(scenario())
    assert [r.tenant for r in tokens.requests] == ["botframework.com"]


def test_default_token_endpoint_is_the_tenants_own() -> None:
    client = BotConnectorClient(APP_ID, APP_PASSWORD, TENANT_ID)
    assert client.token_url == f"https://login.microsoftonline.com/{TENANT_ID}/oauth2/v2.0/token"
    with pytest.raises(ValueError):
        BotConnectorClient(APP_ID, APP_PASSWORD, "")  # single-tenant without its tenant


@pytest.mark.parametrize(
    "service_url",
    [
        "http://smba.trafficmanager.net/teams/",
        "ftp://smba.trafficmanager.net/teams/",
        "https:///teams/",
        "https://smba.trafficmanager.net/teams/?x=1",
        "https://user:pw@smba.trafficmanager.net/teams/",
        "",
        "smba.trafficmanager.net/teams/",
    ],
)
def test_unsafe_service_urls_are_refused_before_any_request(
    tokens: TokenServer, service_url: str
) -> None:
    async def scenario() -> None:
        async with make_client(tokens) as client:
            await client.send(service_url, PERSONAL_CHAT, message("geheim"))

    with pytest.raises(UnsafeServiceUrlError):
        asyncio.run(scenario())
    assert tokens.requests == []


def test_plain_http_to_localhost_needs_the_explicit_flag(
    tokens: TokenServer, connector: ConnectorServer
) -> None:
    async def scenario() -> None:
        async with make_client(tokens, allow_insecure_localhost=False) as client:
            await client.send(connector.service_url, PERSONAL_CHAT, message("hoi"))

    with pytest.raises(UnsafeServiceUrlError):
        asyncio.run(scenario())
    assert tokens.requests == [] and connector.requests == []


def test_https_service_url_is_accepted() -> None:
    client = BotConnectorClient(APP_ID, APP_PASSWORD, TENANT_ID)
    url = client.activities_url("https://smba.trafficmanager.net/teams/", CHANNEL_THREAD, "1")
    assert str(url).startswith("https://smba.trafficmanager.net/teams/v3/conversations/19%3A")


def test_error_from_the_connector_is_raised_clearly(
    tokens: TokenServer, connector: ConnectorServer
) -> None:
    connector.fail_with = 400

    async def scenario() -> None:
        async with make_client(tokens) as client:
            await client.send(connector.service_url, PERSONAL_CHAT, message("hoi"))

    with pytest.raises(SendError) as caught:
        asyncio.run(scenario())
    assert caught.value.status == 400
    assert "HTTP 400" in str(caught.value)
    assert len(connector.requests) == 1  # a client error is not retried


def test_refused_token_is_not_reused(tokens: TokenServer) -> None:
    """A 401 from the connector (token revoked, say) makes the next send fetch a new token."""
    with ConnectorServer(tokens) as connector:

        async def scenario() -> None:
            async with make_client(tokens) as client:
                await client.send(connector.service_url, PERSONAL_CHAT, message("1"))
                tokens.issued.clear()  # the service no longer accepts the token we hold
                with pytest.raises(SendError) as caught:
                    await client.send(connector.service_url, PERSONAL_CHAT, message("2"))
                assert caught.value.status == 401
                await client.send(connector.service_url, PERSONAL_CHAT, message("3"))

        asyncio.run(scenario())
        assert len(tokens.requests) == 2
        assert [a.body["text"] for a in connector.activities] == ["1", "3"]


def test_wrong_secret_gives_a_clear_error_without_the_secret(
    tokens: TokenServer, connector: ConnectorServer
) -> None:
    async def scenario() -> None:
        client = BotConnectorClient(
            APP_ID,
            "wrong-secret-value",
            TENANT_ID,
            token_endpoint=tokens.token_endpoint,
            allow_insecure_localhost=True,
        )
        async with client:
            await client.send(connector.service_url, PERSONAL_CHAT, message("hoi"))

    with pytest.raises(TokenRequestError) as caught:
        asyncio.run(scenario())
    assert (caught.value.status, caught.value.error) == (401, "invalid_client")
    assert "AADSTS7000215" in str(caught.value)
    assert "wrong-secret-value" not in str(caught.value)
    assert connector.requests == []


def test_typing_indicator_is_addressed_like_a_reply(
    tokens: TokenServer, connector: ConnectorServer
) -> None:
    incoming = {
        "type": "message",
        "id": "1481567603816",
        "from": {"id": "29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB", "name": "Sanne"},
        "recipient": {"id": f"28:{APP_ID}", "name": "Wegwijzer"},
        "conversation": {"id": PERSONAL_CHAT, "conversationType": "personal"},
        "serviceUrl": connector.service_url,
    }

    async def scenario() -> None:
        async with make_client(tokens) as client:
            await client.send_typing(connector.service_url, PERSONAL_CHAT, incoming)
            await client.send_typing(connector.service_url, PERSONAL_CHAT)

    asyncio.run(scenario())
    addressed, bare = connector.activities
    assert addressed.body == {
        "type": "typing",
        "from": incoming["recipient"],
        "recipient": incoming["from"],
        "conversation": incoming["conversation"],
    }
    assert bare.body == {"type": "typing"}


def test_close_ends_the_session_and_a_later_send_opens_a_new_one(
    tokens: TokenServer, connector: ConnectorServer
) -> None:
    async def scenario() -> None:
        client = make_client(tokens)
        await client.send(connector.service_url, PERSONAL_CHAT, message("1"))
        await client.close()
        await client.close()  # twice is fine
        await client.send(connector.service_url, PERSONAL_CHAT, message("2"))
        await client.close()

    asyncio.run(scenario())
    assert len(connector.activities) == 2
    assert len(tokens.requests) == 1


# ------------------------------------------------------------------- retries (issue 17)


def send_once(tokens: TokenServer, connector: ConnectorServer, activity: dict[str, Any]) -> float:
    """Send ``activity``; the seconds it took."""

    async def scenario() -> float:
        async with make_client(tokens) as client:
            started = time.monotonic()
            await client.send(connector.service_url, PERSONAL_CHAT, activity)
            return time.monotonic() - started

    return asyncio.run(scenario())


def test_429_waits_as_long_as_retry_after_says_then_delivers_once(
    tokens: TokenServer, connector: ConnectorServer
) -> None:
    connector.script.extend([(429, {"Retry-After": "1"})])
    took = send_once(tokens, connector, message("Bel 112"))
    assert [r.status for r in connector.requests] == [429, 201]
    assert len(connector.activities) == 1
    assert took >= 0.95  # it waited for Retry-After, not less


@pytest.mark.parametrize("status", [412, 500, 502, 503, 504])
def test_a_passing_server_error_is_retried_and_delivered_once(
    tokens: TokenServer, connector: ConnectorServer, status: int
) -> None:
    connector.script.extend([(status, {}), (status, {})])
    send_once(tokens, connector, message("hoi"))
    assert [r.status for r in connector.requests] == [status, status, 201]
    assert [a.body for a in connector.activities] == [message("hoi")]


def test_retries_end_with_the_last_error(tokens: TokenServer, connector: ConnectorServer) -> None:
    connector.script.extend([(503, {"Retry-After": "0"})] * 10)
    with pytest.raises(SendError) as caught:
        send_once(tokens, connector, message("hoi"))
    assert caught.value.status == 503
    assert len(connector.requests) == MAX_ATTEMPTS


def test_a_typing_indicator_is_tried_once(tokens: TokenServer, connector: ConnectorServer) -> None:
    connector.fail_types["typing"] = 429

    async def scenario() -> None:
        async with make_client(tokens) as client:
            await client.send_typing(connector.service_url, PERSONAL_CHAT)

    with pytest.raises(SendError):
        asyncio.run(scenario())
    assert len(connector.requests) == 1


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None
    later = formatdate(time.time() + 30, usegmt=True)
    assert 25 < (retry_after_seconds(later) or 0) <= 31


def test_a_thread_is_started_in_a_channel_and_its_card_replaced_in_place(
    tokens: TokenServer, connector: ConnectorServer
) -> None:
    """The experts' channel (docs/experts.md): a new thread per question, its card updated."""
    channel = "19:deskundigen0123@thread.tacv2"
    card = {"type": "message", "attachments": [{"contentType": "x", "content": {"v": 1}}]}

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        async with make_client(tokens) as client:
            started = await client.create_conversation(
                connector.service_url,
                {"isGroup": True, "channelData": {"channel": {"id": channel}}, "activity": card},
            )
            updated = await client.update(
                connector.service_url, started["id"], started["activityId"], card
            )
            return started, updated

    started, updated = asyncio.run(scenario())
    assert started["id"].startswith("19:thread-") and started["activityId"]
    assert updated == {}
    create, put = connector.requests
    assert (create.method, create.raw_path) == ("POST", "/teams/v3/conversations")
    assert create.body["channelData"]["channel"]["id"] == channel
    assert create.authorization == f"Bearer {tokens.issued[0]}"
    assert put.method == "PUT" and put.activity_id == started["activityId"]
    assert put.conversation_id == started["id"] and put.body == card
    with pytest.raises(ValueError):
        asyncio.run(make_client(tokens).update(connector.service_url, started["id"], "", card))
