"""Bad input over HTTP: a 4xx or a sensible Dutch reply, never a 5xx or a stuck
conversation. Real servers (tests/servers.py), plus a property-based fuzz run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.rest import EMPTY_REPLY, MAX_MESSAGE_LENGTH, UNAVAILABLE
from tests.servers import Servers, running

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def servers(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    with running(model_path, tmp_path_factory.mktemp("bad-input")) as servers:
        yield servers


def post(servers: Servers, body: bytes | str) -> requests.Response:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return requests.post(
        f"{servers.url}/webhooks/rest/webhook",
        data=data,
        headers={"Content-Type": "application/json"},
        timeout=60,
    )


def say(servers: Servers, sender: str, message: object) -> requests.Response:
    return post(servers, json.dumps({"sender": sender, "message": message}))


def replies(response: requests.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [m.get("text") or "" for m in response.json()]


@pytest.mark.parametrize("message", ["", "   ", "\n\t  "])
def test_empty_messages_get_a_dutch_reply(servers: Servers, message: str) -> None:
    assert replies(say(servers, "leeg", message)) == [EMPTY_REPLY]


@pytest.mark.parametrize(
    "message",
    [
        "x" * 100_000,
        "wat zeg ik als ik word uitgedaagd? " * 3000,
        "hoi\x00\x07\x1b[31m daar",
        "<script>alert('x')</script><b>hoi</b>",
        "😀😀🔥🙏",
        "What should I say when someone provokes me?",
        "مرحبا كيف حالك",
        "/restart",
        '/acute_danger{"x": "y"}',
    ],
    ids=["100KB", "long-question", "control", "html", "emoji", "english", "arabic",
         "restart", "intent-syntax"],
)  # fmt: skip
def test_odd_messages_get_a_reply(servers: Servers, message: str) -> None:
    texts = replies(say(servers, "vreemd", message))
    assert texts and all(texts)
    assert not any("<script>" in t for t in texts)


@pytest.mark.parametrize(
    "body",
    [b"\xff\xfe\xfa not utf-8", b"{not json", b"[1, 2]", b"", b'"just a string"',
     b'{"sender": "a", "message": 5}', b'{"sender": 5, "message": "hoi"}',
     b'{"sender": "a"}'],
    ids=["utf8", "json", "array", "empty", "string", "number", "sender", "missing"],
)  # fmt: skip
def test_malformed_requests_get_400(servers: Servers, body: bytes) -> None:
    assert post(servers, body).status_code == 400


@pytest.mark.parametrize("sender", ["teams:29:1abc", "TEAMS:x", "bf-webchat:x", "web:0123abcd"])
def test_the_rest_channel_cannot_name_another_channels_conversation(
    servers: Servers, sender: str
) -> None:
    response = say(servers, sender, "wat was mijn laatste vraag?")
    assert response.status_code == 400
    assert "another channel" in response.json()["error"]


def test_a_conversation_is_not_stuck_after_bad_input(servers: Servers) -> None:
    for message in ["", "\x00", "x" * 100_000, "😀"]:
        say(servers, "doorgaan", message)
    texts = replies(say(servers, "doorgaan", "wat zeg ik als ik word uitgedaagd?"))
    assert "Bron: Greijdanus e.a. (2023)" in texts[-1]


def test_a_long_message_is_cut_before_it_is_stored(servers: Servers) -> None:
    say(servers, "lang", "a " * 60_000)
    events = servers.tracker("lang")["events"]
    (user,) = [e for e in events if e.get("event") == "user"]
    assert len(user["text"]) <= MAX_MESSAGE_LENGTH


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    message=st.one_of(st.text(max_size=300), st.binary(max_size=200).map(repr)),
    sender=st.text(min_size=1, max_size=40),
)
def test_fuzz_the_rest_channel_never_fails(servers: Servers, message: str, sender: str) -> None:
    response = say(servers, sender, message)
    assert response.status_code < 500, response.text
    if response.status_code == 200:
        assert isinstance(response.json(), list)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=300))
def test_fuzz_raw_bodies_never_fail(servers: Servers, body: bytes) -> None:
    assert post(servers, body).status_code < 500


def test_action_server_down_gets_a_dutch_message_and_the_conversation_recovers(
    servers: Servers,
) -> None:
    question = "wat zeg ik als ik word uitgedaagd?"
    servers.actions.stop()
    try:
        texts = replies(say(servers, "storing", question))
        assert texts == [UNAVAILABLE]
    finally:
        servers.actions.start()
        servers.actions.wait_until_ready()
    texts = replies(say(servers, "storing", question))
    assert "Bron: Greijdanus e.a. (2023)" in texts[-1]
