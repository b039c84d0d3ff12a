"""The Teams channel end to end: real Rasa and action servers, with local stand-ins for
Microsoft's OpenID metadata, token endpoint and Bot Connector (tests/botframework_fakes.py).
Every request carries a token signed by the stand-in's key, as the Bot Connector signs them.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from bot.channels.teams import sender_id
from bot.safety.wording import EMERGENCY_LINE
from tests import teams_activities as teams
from tests.botframework_fakes import StandIns
from tests.servers import Servers, running

pytestmark = pytest.mark.model

APP_ID = "00000000-1111-4222-8333-444444444444"
APP_PASSWORD = "test-secret"
TENANT_ID = teams.TENANT["id"]
SOURCE = "Bron: Greijdanus e.a. (2023), §4.2, p. 37–41; §4.3, p. 42–45"


@pytest.fixture(scope="module")
def stand_ins() -> Iterator[StandIns]:
    with StandIns.start(APP_ID, APP_PASSWORD) as stand_ins:
        yield stand_ins


@pytest.fixture(scope="module")
def servers(
    model_path: Path, tmp_path_factory: pytest.TempPathFactory, stand_ins: StandIns
) -> Iterator[Servers]:
    environment = {
        "TEAMS_APP_ID": APP_ID,
        "TEAMS_APP_PASSWORD": APP_PASSWORD,
        "TEAMS_TENANT_ID": TENANT_ID,
        "TEAMS_OPENID_METADATA_URL": stand_ins.openid.metadata_url,
        "TEAMS_TOKEN_ENDPOINT": stand_ins.tokens.token_endpoint,
        "TEAMS_ALLOW_INSECURE_LOCALHOST": "true",
    }
    with running(model_path, tmp_path_factory.mktemp("teams"), environment) as servers:
        yield servers


def post(
    servers: Servers, stand_ins: StandIns, activity: dict[str, Any], **token: Any
) -> requests.Response:
    authorization = stand_ins.openid.authorization(APP_ID, activity["serviceUrl"], **token)
    return requests.post(
        f"{servers.url}/webhooks/teams/webhook",
        json=activity,
        headers={"Authorization": authorization},
        timeout=60,
    )


def card_of(request: Any) -> dict[str, Any]:
    (attachment,) = request.body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    return attachment["content"]


def texts(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


def new_posts(stand_ins: StandIns, before: int) -> list[Any]:
    return stand_ins.connector.activities[before:]


def test_a_personal_question_gets_typing_then_an_answer_card_with_its_source(
    servers: Servers, stand_ins: StandIns
) -> None:
    before = len(stand_ins.connector.activities)
    activity = teams.personal_message(
        stand_ins.connector.service_url, "wat zeg ik als ik word uitgedaagd?"
    )
    assert post(servers, stand_ins, activity).status_code == 200
    typing, answer = new_posts(stand_ins, before)[:2]
    assert typing.body["type"] == "typing"
    assert answer.conversation_id == activity["conversation"]["id"]
    assert answer.activity_id == activity["id"]  # a reply to the user's message
    card = card_of(answer)
    assert "Reageren als je wordt uitgedaagd of geprovoceerd" in texts(card)
    assert SOURCE in texts(card)
    assert SOURCE in card["fallbackText"]
    payloads = texts(card["actions"])
    assert '/feedback{\\"entry\\":\\"provocatie-reageren\\",\\"rating\\":\\"up\\"}' in payloads
    # Replies carry the token from the tenant's own token endpoint.
    assert answer.token in stand_ins.tokens.issued
    assert {r.tenant for r in stand_ins.tokens.requests} == {TENANT_ID}


def test_a_channel_mention_is_answered_in_the_same_thread_without_the_mention(
    servers: Servers, stand_ins: StandIns
) -> None:
    before = len(stand_ins.connector.activities)
    activity = teams.channel_message(stand_ins.connector.service_url, "/gerucht")
    assert post(servers, stand_ins, activity).status_code == 200
    answer = new_posts(stand_ins, before)[-1]
    assert answer.conversation_id == activity["conversation"]["id"]  # …;messageid=… thread
    assert ";messageid=" in answer.conversation_id
    assert "gerucht" in texts(card_of(answer)).lower()
    thread = servers.tracker(f"teams:{activity['conversation']['id']}")
    assert thread["latest_message"]["text"] == '/quick_lookup{"topic":"gerucht"}'  # its lookup


def test_a_card_button_press_reaches_the_assistant_as_its_intent(
    servers: Servers, stand_ins: StandIns
) -> None:
    service_url = stand_ins.connector.service_url
    before = len(stand_ins.connector.activities)
    press = teams.card_submit(service_url, '/show_entry{"entry":"gerucht-ontkrachten"}')
    assert post(servers, stand_ins, press).status_code == 200
    card = card_of(new_posts(stand_ins, before)[-1])
    assert "Bron: Greijdanus e.a. (2023)" in texts(card)
    before = len(stand_ins.connector.activities)
    feedback = teams.card_submit(
        service_url, '/feedback{"entry":"gerucht-ontkrachten","rating":"up"}'
    )
    assert post(servers, stand_ins, feedback).status_code == 200
    assert "Dank je voor je feedback" in texts(card_of(new_posts(stand_ins, before)[-1]))
    tracker = servers.tracker(f"teams:{teams.USER['aadObjectId']}")
    assert tracker["latest_message"]["intent"]["name"] == "feedback"


def test_thumbs_down_on_a_card_then_a_typed_comment_is_kept_with_the_entry(
    servers: Servers, stand_ins: StandIns
) -> None:
    service_url = stand_ins.connector.service_url
    user = {**teams.USER, "id": "29:feedback-user", "aadObjectId": "feedback-user-object-id"}
    before = len(stand_ins.connector.activities)
    down = teams.card_submit(
        service_url, '/feedback{"entry":"provocatie-reageren","rating":"down"}', user
    )
    assert post(servers, stand_ins, down).status_code == 200
    assert "Wat miste je?" in texts(card_of(new_posts(stand_ins, before)[-1]))
    before = len(stand_ins.connector.activities)
    comment = teams.personal_message(service_url, "de stappen waren te algemeen", user)
    assert post(servers, stand_ins, comment).status_code == 200
    assert "opmerking is bewaard" in texts(card_of(new_posts(stand_ins, before)[-1]))
    events = servers.tracker(f"teams:{user['aadObjectId']}")["events"]
    slots = [(e["name"], e["value"]) for e in events if e["event"] == "slot"]
    assert ("feedback_rating", "down") in slots
    assert ("feedback_comment", "de stappen waren te algemeen") in slots


def test_typed_intent_syntax_is_not_obeyed(servers: Servers, stand_ins: StandIns) -> None:
    activity = teams.personal_message(stand_ins.connector.service_url, '/acute_danger{"x":"y"}')
    assert post(servers, stand_ins, activity).status_code == 200
    tracker = servers.tracker(f"teams:{teams.USER['aadObjectId']}")
    message = tracker["latest_message"]
    assert not message["text"].startswith("/")  # passed on as typed words, not as an intent
    assert all(e["entity"] != "x" for e in message["entities"])


def test_the_welcome_card_comes_once_when_the_bot_is_added(
    servers: Servers, stand_ins: StandIns
) -> None:
    service_url = stand_ins.connector.service_url
    before = len(stand_ins.connector.activities)
    for _ in range(2):
        assert post(servers, stand_ins, teams.bot_installed(service_url)).status_code == 200
    someone_else = teams.bot_installed(service_url, members=[teams.OTHER_USER])
    assert post(servers, stand_ins, someone_else).status_code == 200
    (welcome,) = new_posts(stand_ins, before)
    assert "Wegwijzer" in texts(card_of(welcome))


def test_search_lists_entries_and_selecting_one_gives_its_full_card(
    servers: Servers, stand_ins: StandIns
) -> None:
    service_url = stand_ins.connector.service_url
    found = post(servers, stand_ins, teams.extension_query(service_url, "provocatie"))
    assert found.status_code == 200
    result = found.json()["composeExtension"]
    assert result["type"] == "result"
    assert "Reageren als je wordt uitgedaagd" in json.dumps(
        result["attachments"], ensure_ascii=False
    )
    value = result["attachments"][0]["preview"]["content"]["tap"]["value"]
    chosen = post(servers, stand_ins, teams.extension_select(service_url, value))
    assert chosen.status_code == 200
    (card,) = chosen.json()["composeExtension"]["attachments"]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert "preview" in card
    assert "Bron: Greijdanus e.a. (2023)" in json.dumps(card, ensure_ascii=False)


BAD_TOKENS = {
    "expired": {"exp": 1_000_000_000, "nbf": 999_999_000, "iat": 999_999_000},
    "wrong audience": {"aud": "someone-else"},
    "wrong issuer": {"iss": "https://evil.example.com"},
    "wrong serviceUrl": {"serviceurl": "https://evil.example.com/teams/"},
}


@pytest.mark.parametrize("claims", BAD_TOKENS.values(), ids=list(BAD_TOKENS))
def test_bad_tokens_get_401_and_reach_nothing(
    servers: Servers, stand_ins: StandIns, claims: dict[str, Any]
) -> None:
    before = len(stand_ins.connector.requests)
    activity = teams.personal_message(
        stand_ins.connector.service_url, "wat zeg ik als ik word uitgedaagd?", teams.OTHER_USER
    )
    assert post(servers, stand_ins, activity, **claims).status_code == 401
    assert len(stand_ins.connector.requests) == before
    tracker = servers.tracker(f"teams:{teams.OTHER_USER['aadObjectId']}")
    assert tracker["events"] == [] or tracker["latest_message"].get("text") is None


def test_forged_or_missing_tokens_get_401(servers: Servers, stand_ins: StandIns) -> None:
    from tests.botframework_fakes import RsaKey

    activity = teams.personal_message(stand_ins.connector.service_url, "hoi", teams.OTHER_USER)
    forged = RsaKey("test-key-1", RsaKey.named("attacker").private_key)  # same id, other key
    assert post(servers, stand_ins, activity, key=forged).status_code == 401
    url = f"{servers.url}/webhooks/teams/webhook"
    assert requests.post(url, json=activity, timeout=30).status_code == 401
    bad_json = requests.post(url, data=b"{not json", timeout=30)
    assert bad_json.status_code in (400, 401)


def test_a_group_chat_keeps_one_conversation_for_everyone_in_it(
    servers: Servers, stand_ins: StandIns
) -> None:
    before = len(stand_ins.connector.activities)
    activity = teams.group_message(stand_ins.connector.service_url, "/delen")
    assert post(servers, stand_ins, activity).status_code == 200
    answer = new_posts(stand_ins, before)[-1]
    assert answer.conversation_id == activity["conversation"]["id"]
    state = servers.tracker(f"teams:{activity['conversation']['id']}")
    assert state["latest_message"]["text"] == '/quick_lookup{"topic":"delen"}'  # its quick lookup
    assert state["latest_message"]["intent"]["name"] == "quick_lookup"


# ------------------------------------------------- the Bot Connector refuses (issue 17)


def test_a_refused_typing_indicator_does_not_cost_the_answer(
    servers: Servers, stand_ins: StandIns
) -> None:
    before = len(stand_ins.connector.requests)
    stand_ins.connector.fail_types["typing"] = 429
    try:
        activity = teams.personal_message(
            stand_ins.connector.service_url, "wat zeg ik als ik word uitgedaagd?"
        )
        assert post(servers, stand_ins, activity).status_code == 200
    finally:
        stand_ins.connector.fail_types.clear()
    sent = stand_ins.connector.requests[before:]
    assert [r.status for r in sent if r.body["type"] == "typing"] == [429]  # tried once
    answers = [r for r in sent if r.status < 300]
    assert "Reageren als je wordt uitgedaagd" in texts(card_of(answers[0]))


def test_throttled_replies_still_arrive_once_with_112_first(
    servers: Servers, stand_ins: StandIns
) -> None:
    connector = stand_ins.connector
    before = len(connector.requests)
    connector.script.extend([(429, {"Retry-After": "1"}), (503, {})])
    activity = teams.personal_message(
        connector.service_url, "hij heeft een mes en staat voor de deur van het buurthuis"
    )
    assert post(servers, stand_ins, activity).status_code == 200
    sent = [r for r in connector.requests[before:] if r.body["type"] != "typing"]
    assert [r.status for r in sent][:3] == [429, 503, 201]
    delivered = [r for r in sent if r.status < 300]
    assert card_of(delivered[0])["fallbackText"].startswith(EMERGENCY_LINE)
    assert len({json.dumps(r.body, sort_keys=True) for r in delivered}) == len(delivered)


def test_a_huge_body_is_refused_from_its_length_without_being_read(servers: Servers) -> None:
    """20 MB announced without a token: 413 before a byte of the body is sent (the server
    never reads or parses it); then everything works as before."""
    import http.client
    from urllib.parse import urlsplit

    address = urlsplit(servers.url)
    for path in ("/webhooks/teams/webhook", "/webhooks/rest/webhook", "/chat/webhook"):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        connection.putrequest("POST", path)
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(20 * 1024 * 1024))
        connection.endheaders()
        assert connection.getresponse().status == 413
        connection.close()
    assert servers.say("na-de-grote-post", "hoi")


def test_a_request_without_a_token_is_refused_before_its_body_is_parsed(
    servers: Servers, stand_ins: StandIns
) -> None:
    reply = requests.post(f"{servers.url}/webhooks/teams/webhook", data=b"{not json", timeout=10)
    assert reply.status_code == 401


def test_a_redelivered_activity_is_answered_once(servers: Servers, stand_ins: StandIns) -> None:
    """The Bot Framework sends an activity again (same id) when the answer took long."""
    text = "hoe ontkracht ik een gerucht na de steekpartij?"
    activity = teams.personal_message(stand_ins.connector.service_url, text)
    before = len(stand_ins.connector.activities)
    assert post(servers, stand_ins, activity).status_code == 200
    answered = len(stand_ins.connector.activities)
    assert answered > before
    assert post(servers, stand_ins, activity).status_code == 200
    assert len(stand_ins.connector.activities) == answered
    events = servers.tracker(sender_id(activity))["events"]
    assert [e["text"] for e in events if e["event"] == "user"].count(text) == 1


# ------------------------------------------------ malformed activities and identity


def _without(activity: dict[str, Any], *path: str) -> dict[str, Any]:
    target = activity
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return activity


def _with(activity: dict[str, Any], value: Any, *path: str) -> dict[str, Any]:
    target = activity
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return activity


MALFORMED = {
    "value is a list": lambda a: _with(a, ["x"], "value"),
    "value is a string": lambda a: _with(a, "x", "value"),
    "payload is a number": lambda a: _with(a, {"payload": 5}, "value"),
    "parameters is a string": lambda a: _with(a, {"parameters": "x"}, "value"),
    "a parameter is a string": lambda a: _with(a, {"parameters": ["x"]}, "value"),
    "channelId is a number": lambda a: _with(a, 5, "channelId"),
    "channelId is missing": lambda a: _without(a, "channelId"),
    "channelId is empty": lambda a: _with(a, "", "channelId"),
    "serviceUrl is missing": lambda a: _without(a, "serviceUrl"),
    "serviceUrl is a list": lambda a: _with(a, ["x"], "serviceUrl"),
    "conversation is missing": lambda a: _without(a, "conversation"),
    "conversation is a string": lambda a: _with(a, "x", "conversation"),
    "conversation id is missing": lambda a: _without(a, "conversation", "id"),
    "conversation id is a number": lambda a: _with(a, 7, "conversation", "id"),
    "from is missing": lambda a: _without(a, "from"),
    "from id is a dict": lambda a: _with(a, {}, "from", "id"),
    "recipient is a string": lambda a: _with(a, "x", "recipient"),
    "text is a number": lambda a: _with(a, 12, "text"),
    "text is a list": lambda a: _with(a, ["hoi"], "text"),
    "entities is a dict": lambda a: _with(a, {}, "entities"),
    "an entity is a string": lambda a: _with(a, ["x"], "entities"),
    "membersAdded is a dict": lambda a: _with(a, {}, "membersAdded"),
    "channelData is a list": lambda a: _with(a, [], "channelData"),
    "tenant is a string": lambda a: _with(a, {"tenant": "x"}, "channelData"),
    "type is missing": lambda a: _without(a, "type"),
    "type is a number": lambda a: _with(a, 1, "type"),
    "id is a number": lambda a: _with(a, 1, "id"),
    "the body is a list": lambda a: [a],
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_activity_gets_400_never_500(
    servers: Servers, stand_ins: StandIns, case: str
) -> None:
    service_url = stand_ins.connector.service_url
    # A deep copy: the activity shares the module's USER and TENANT dicts.
    activity = MALFORMED[case](copy.deepcopy(teams.personal_message(service_url, "hoi")))
    reply = requests.post(
        f"{servers.url}/webhooks/teams/webhook",
        json=activity,
        headers={"Authorization": stand_ins.openid.authorization(APP_ID, service_url)},
        timeout=30,
    )
    assert reply.status_code == 400, reply.text


def test_another_tenant_is_refused(servers: Servers, stand_ins: StandIns) -> None:
    before = len(stand_ins.connector.activities)
    activity = teams.personal_message(stand_ins.connector.service_url, "hoi")
    activity["channelData"]["tenant"] = {"id": "99999999-0000-4000-8000-othertenant0"}
    reply = post(servers, stand_ins, activity)
    assert reply.status_code == 403 and reply.json() == {"error": "tenant not accepted"}
    assert len(stand_ins.connector.activities) == before


def test_a_web_chat_activity_with_a_colleagues_id_never_reaches_their_conversation(
    servers: Servers, stand_ins: StandIns
) -> None:
    """Web Chat of the same Azure Bot: the user chooses ``from.id`` freely."""
    colleague = teams.personal_message(stand_ins.connector.service_url, "hoi")
    forged = copy.deepcopy(colleague)
    forged["channelId"] = "webchat"
    before = len(stand_ins.connector.activities)
    assert post(servers, stand_ins, forged).status_code in (401, 403)
    assert len(stand_ins.connector.activities) == before
    # Were Web Chat accepted (TEAMS_CHANNELS), its key would still be its own.
    assert sender_id(forged) != sender_id(colleague)


def test_a_long_throttled_turn_is_acknowledged_in_time_and_answered_later(
    servers: Servers, stand_ins: StandIns
) -> None:
    """The Bot Framework gives up after about 15 s and delivers again; the webhook answers
    within ACKNOWLEDGE_WITHIN (10 s) and the reply, held up by 429s, still arrives."""
    connector = stand_ins.connector
    before = len(connector.activities)
    connector.script.extend([(429, {"Retry-After": "8"}), (429, {"Retry-After": "8"})])
    activity = teams.personal_message(connector.service_url, "wat zeg ik als ik word uitgedaagd?")
    started = time.monotonic()
    assert post(servers, stand_ins, activity).status_code == 200
    assert time.monotonic() - started < 14
    arrived = connector.wait_for_activities(before + 2, timeout=40)  # typing and the answer
    assert "Reageren als je wordt uitgedaagd" in texts(card_of(arrived[-1]))


def _stored_texts(servers: Servers, activity: dict[str, Any]) -> list[str]:
    events = servers.tracker(sender_id(activity))["events"]
    return [e.get("text") or "" for e in events if e["event"] == "user"]


def test_a_message_deleted_in_teams_loses_its_stored_text(
    servers: Servers, stand_ins: StandIns
) -> None:
    message = teams.personal_message(
        stand_ins.connector.service_url, "mag ik delen dat het om de broer van Ilias gaat?"
    )
    assert post(servers, stand_ins, message).status_code == 200
    assert any("broer van" in t for t in _stored_texts(servers, message))
    deletion = {
        **{k: message[k] for k in ("id", "serviceUrl", "channelId", "from", "recipient")},
        "type": "messageDelete",
        "conversation": message["conversation"],
        "channelData": {"tenant": teams.TENANT, "eventType": "softDeleteMessage"},
    }
    assert post(servers, stand_ins, deletion).status_code == 200
    assert not any("broer van" in t for t in _stored_texts(servers, message))


def test_a_message_edited_in_teams_is_stored_as_its_redacted_new_text(
    servers: Servers, stand_ins: StandIns
) -> None:
    message = teams.personal_message(stand_ins.connector.service_url, "eerste versie van de vraag")
    assert post(servers, stand_ins, message).status_code == 200
    edit = copy.deepcopy(message)
    edit.update(type="messageUpdate", text="tweede versie, bel hem op 06-12345678")
    edit["channelData"]["eventType"] = "editMessage"
    assert post(servers, stand_ins, edit).status_code == 200
    stored = _stored_texts(servers, message)
    assert not any("eerste versie" in t for t in stored)
    assert "tweede versie, bel hem op [TELEFOON]" in stored
