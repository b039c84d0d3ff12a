"""A question the report does not answer, to the organisation's experts, end to end (issue 20):
real Rasa and action servers with the experts' channel configured, local stand-ins for
Microsoft's OpenID metadata, token endpoint and Bot Connector (tests/botframework_fakes.py),
the web chat over HTTP and Teams activities signed as the Bot Connector signs them.

The web chat and Teams users ask, see the redacted preview and send; the card appears as a
new thread in the experts' channel; one expert claims it (a second is refused), answers, and
the answer reaches the asker in their own conversation, marked as a colleague's; a ticket
survives a restart of both servers and ``make purge`` removes it after the retention period.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from bot.experts.cards import ANSWER_FIELD, SUBMIT_KEY
from bot.safety.wording import EMERGENCY_LINE
from tests import teams_activities as teams
from tests.botframework_fakes import ConnectorRequest, StandIns
from tests.render import require_chromium
from tests.servers import ROOT, Servers, running
from tests.webchat import ask_a_colleague_in_browser

pytestmark = pytest.mark.model

APP_ID = "00000000-1111-4222-8333-444444444444"
APP_PASSWORD = "test-secret"
EXPERTS = "19:wegwijzer-experts@thread.tacv2"
OFFER = {"title": "Vraag het een collega", "payload": "/ask_expert"}
WEB_QUESTION = "wat is het telefoonnummer van het veiligheidshuis"
TEAMS_QUESTION = "wie is bij onze gemeente de procesregisseur voor Mo (16) uit de Molenwijk?"
SENT = re.compile(r"Verstuurd naar de collega's \(vraag #([0-9a-f]{16})\)\.")
EXPERT = {"id": "29:expert-els", "name": "Els Expert", "aadObjectId": "aad-expert-els"}
SECOND = {"id": "29:expert-kees", "name": "Kees Expert", "aadObjectId": "aad-expert-kees"}


@pytest.fixture(scope="module")
def stand_ins() -> Iterator[StandIns]:
    with StandIns.start(APP_ID, APP_PASSWORD) as stand_ins:
        yield stand_ins


def environment(stand_ins: StandIns) -> dict[str, str]:
    return {
        "TEAMS_APP_ID": APP_ID,
        "TEAMS_APP_PASSWORD": APP_PASSWORD,
        "TEAMS_TENANT_ID": teams.TENANT["id"],
        "TEAMS_OPENID_METADATA_URL": stand_ins.openid.metadata_url,
        "TEAMS_TOKEN_ENDPOINT": stand_ins.tokens.token_endpoint,
        "TEAMS_ALLOW_INSECURE_LOCALHOST": "true",
        "WEGWIJZER_EXPERTS_CHANNEL": EXPERTS,
        "WEGWIJZER_EXPERTS_SERVICE_URL": stand_ins.connector.service_url,
    }


@pytest.fixture(scope="module")
def servers(
    model_path: Path, tmp_path_factory: pytest.TempPathFactory, stand_ins: StandIns
) -> Iterator[Servers]:
    with running(model_path, tmp_path_factory.mktemp("experts"), environment(stand_ins)) as s:
        yield s


def chat(servers: Servers, sender: str, text: str) -> list[dict[str, Any]]:
    """One web chat turn: the messages the page gets."""
    answer = requests.post(
        f"{servers.url}/chat/webhook", json={"sender": sender, "message": text}, timeout=60
    )
    assert answer.status_code == 200, answer.text
    messages: list[dict[str, Any]] = answer.json()["messages"]
    return messages


def teams_post(servers: Servers, stand_ins: StandIns, activity: dict[str, Any]) -> None:
    authorization = stand_ins.openid.authorization(APP_ID, activity["serviceUrl"])
    answer = requests.post(
        f"{servers.url}/webhooks/teams/webhook",
        json=activity,
        headers={"Authorization": authorization},
        timeout=60,
    )
    assert answer.status_code == 200, answer.text


def card_text(request: ConnectorRequest) -> str:
    body = request.body.get("activity", request.body)
    return json.dumps(body["attachments"][0]["content"], ensure_ascii=False)


def thread_of(stand_ins: StandIns, ticket: str) -> ConnectorRequest:
    """The new thread in the experts' channel whose card is ``ticket``'s."""
    (started,) = [
        r
        for r in stand_ins.connector.requests
        if r.raw_path.endswith("/v3/conversations") and f"#{ticket}" in card_text(r)
    ]
    return started


def press(
    servers: Servers,
    stand_ins: StandIns,
    ticket: str,
    step: str,
    expert: dict[str, Any],
    answer: str | None = None,
) -> list[ConnectorRequest]:
    """An expert presses a button on ``ticket``'s card; what the bot then sent or changed."""
    card_activity = f"activity-for-{ticket}"  # Teams: the id of the thread's first message
    value: dict[str, Any] = {SUBMIT_KEY: step, "ticket": ticket}
    if answer is not None:
        value[ANSWER_FIELD] = answer
    service_url = stand_ins.connector.service_url
    before = len(stand_ins.connector.requests)
    activity = teams.card_submit_in_channel(service_url, EXPERTS, card_activity, value, expert)
    teams_post(servers, stand_ins, activity)
    return stand_ins.connector.requests[before:]


def escalate_on_the_web(servers: Servers, stand_ins: StandIns, sender: str) -> str:
    """Ask a question the report does not cover, take the offer, send; the ticket id."""
    (answer,) = chat(servers, sender, WEB_QUESTION)
    assert "Daar kan ik je niet mee helpen" in answer["text"]
    assert OFFER in answer["buttons"]
    (preview,) = chat(servers, sender, "/ask_expert")
    assert f"«{WEB_QUESTION}»" in preview["text"] and preview["text"].endswith("Versturen?")
    assert [b["payload"] for b in preview["buttons"]] == ["/expert_send", "/deny"]
    (sent,) = chat(servers, sender, "/expert_send")
    match = SENT.match(sent["text"])
    assert match, sent["text"]
    assert "verschijnt hier in dit gesprek" in sent["text"] and sent["waiting"] is True
    return match[1]


def test_a_web_chat_question_goes_to_the_experts_channel_and_its_answer_comes_back(
    servers: Servers, stand_ins: StandIns
) -> None:
    sender = secrets.token_hex(8)
    ticket = escalate_on_the_web(servers, stand_ins, sender)
    started = thread_of(stand_ins, ticket)
    assert started.body["channelData"]["channel"] == {"id": EXPERTS}
    assert started.body["isGroup"] is True
    assert WEB_QUESTION in card_text(started) and "Ik pak dit op" in card_text(started)

    # Before an expert answers, the next message brings nothing from the experts.
    assert all(
        "Antwoord van een collega" not in m.get("text", "") for m in chat(servers, sender, "hoi")
    )

    (claimed,) = press(servers, stand_ins, ticket, "claim", EXPERT)
    assert claimed.conversation_id is not None and claimed.conversation_id.startswith("19:thread-")
    assert claimed.method == "PUT" and "Opgepakt door Els Expert" in card_text(claimed)
    (refused,) = press(servers, stand_ins, ticket, "claim", SECOND)
    assert refused.method == "POST" and "al opgepakt door een collega" in card_text(refused)
    (answered,) = press(
        servers, stand_ins, ticket, "answer", EXPERT, "Bel 0800-1234 (Veiligheidshuis), ma-vr."
    )
    assert answered.method == "PUT" and "Beantwoord door Els Expert" in card_text(answered)

    replies = chat(servers, sender, "dank je")
    colleague = [m["text"] for m in replies if "Antwoord van een collega" in m.get("text", "")]
    assert len(colleague) == 1
    assert "(niet uit het rapport)" in colleague[0] and f"(#{ticket})" in colleague[0]
    assert "Veiligheidshuis" in colleague[0] and "Bron:" not in colleague[0]
    # Delivered once.
    assert all(
        "Antwoord van een collega" not in m.get("text", "") for m in chat(servers, sender, "hoi")
    )


def new_ticket(stand_ins: StandIns, before: int, running: Any) -> str:
    """The id of the first ticket card posted after request number ``before``."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        for request in stand_ins.connector.requests[before:]:
            if request.raw_path.endswith("/v3/conversations"):
                found = re.search(r"#([0-9a-f]{16})", card_text(request))
                assert found
                return found[1]
        if running.process.poll() is not None:
            running.report()  # the browser script ended early: raises with its output
        time.sleep(0.2)
    raise AssertionError("no card reached the experts' channel")


def test_in_the_browser_the_colleagues_answer_appears_on_the_open_page(
    servers: Servers, stand_ins: StandIns
) -> None:
    require_chromium("page not opened")
    before = len(stand_ins.connector.requests)
    running = ask_a_colleague_in_browser(servers.url, WEB_QUESTION)
    ticket = new_ticket(stand_ins, before, running)
    press(servers, stand_ins, ticket, "claim", EXPERT)
    press(servers, stand_ins, ticket, "answer", EXPERT, "Bel het Veiligheidshuis via de centrale.")
    report = running.report()
    assert "Vraag het een collega" in report["afterQuestion"]["buttons"]
    assert WEB_QUESTION in report["preview"]["text"]
    assert report["preview"]["buttons"] == ["Versturen", "Niet versturen"]
    assert f"(vraag #{ticket})" in report["sent"]["text"] and report["waitingStored"] == "1"
    answer = report["answer"]
    assert answer["colleague"] and not answer["answer"]
    assert "Antwoord van een collega (niet uit het rapport)" in answer["text"]
    assert "Bel het Veiligheidshuis via de centrale." in answer["text"]
    assert report["waitingAfter"] == "0"  # the page stops asking
    assert report["blockedRequests"] == [] and report["pageErrors"] == []
    assert [v for v in report["axe"] if v["impact"] in ("serious", "critical")] == []


def test_a_teams_question_is_sent_redacted_after_typed_yes_and_answered_in_that_chat(
    servers: Servers, stand_ins: StandIns
) -> None:
    user = {**teams.USER, "id": "29:asker", "aadObjectId": "aad-asker"}
    service_url = stand_ins.connector.service_url
    teams_post(servers, stand_ins, teams.personal_message(service_url, TEAMS_QUESTION, user))
    before = len(stand_ins.connector.activities)
    teams_post(
        servers, stand_ins, teams.personal_message(service_url, "vraag het een collega", user)
    )
    (preview,) = [a for a in stand_ins.connector.activities[before:] if a.body["type"] == "message"]
    assert "Versturen?" in card_text(preview)
    assert "Mo (16)" not in card_text(preview) and "[NAAM] (16)" in card_text(preview)
    before = len(stand_ins.connector.activities)
    teams_post(servers, stand_ins, teams.personal_message(service_url, "ja", user))
    (sent,) = [a for a in stand_ins.connector.activities[before:] if a.body["type"] == "message"]
    match = SENT.search(card_text(sent))
    assert match and "Je krijgt het antwoord hier in deze chat" in card_text(sent)
    ticket = match[1]
    card = card_text(thread_of(stand_ins, ticket))
    assert "Mo (16)" not in card and "[NAAM] (16) uit de Molenwijk" in card

    # A press with the card's data from any other conversation does nothing.
    personal = teams.personal_message(service_url, "", user)
    personal.pop("text")
    personal["value"] = {SUBMIT_KEY: "claim", "ticket": ticket}
    before = len(stand_ins.connector.requests)
    teams_post(servers, stand_ins, personal)
    assert stand_ins.connector.requests[before:] == []

    press(servers, stand_ins, ticket, "claim", EXPERT)
    changed = press(servers, stand_ins, ticket, "answer", EXPERT, "Dat is Fatima van team OOV.")
    delivered = [r for r in changed if r.method == "POST"]
    assert len(delivered) == 1
    assert delivered[0].conversation_id == teams.personal_conversation(user)["id"]
    text = card_text(delivered[0])
    assert "Antwoord van een collega" in text and "(niet uit het rapport)" in text
    assert "Fatima" not in text and "[NAAM] van team OOV" in text  # the answer is redacted too
    # Already delivered in Teams: the next message does not repeat it.
    before = len(stand_ins.connector.activities)
    teams_post(servers, stand_ins, teams.personal_message(service_url, "dank je", user))
    later = stand_ins.connector.activities[before:]
    assert all(
        "Antwoord van een collega" not in card_text(a) for a in later if a.body["type"] == "message"
    )


def test_a_ticket_survives_a_restart_and_is_purged_after_the_retention_period(
    model_path: Path, tmp_path: Path, stand_ins: StandIns
) -> None:
    sender = secrets.token_hex(8)
    with running(model_path, tmp_path, environment(stand_ins)) as first:
        ticket = escalate_on_the_web(first, stand_ins, sender)
    with running(model_path, tmp_path, environment(stand_ins)) as second:
        press(second, stand_ins, ticket, "claim", EXPERT)
        press(second, stand_ins, ticket, "answer", EXPERT, "Het nummer staat op intranet.")
        replies = chat(second, sender, "hoi")
        assert any("Het nummer staat op intranet." in m.get("text", "") for m in replies)
    state = tmp_path / "progress.db"
    with sqlite3.connect(state) as db:
        assert db.execute("SELECT count(*) FROM expert_ticket").fetchone() == (1,)

    def purge() -> str:
        return subprocess.run(
            [sys.executable, str(ROOT / "scripts/operate/purge.py"), "--days", "30",
             "--endpoints", str(tmp_path / "endpoints.yml")],
            capture_output=True, text=True, check=True,
            env={**os.environ, "WEGWIJZER_PROGRESS_DB": str(state)},
        ).stdout  # fmt: skip

    assert "deleted 0 question(s) to the experts" in purge()
    with sqlite3.connect(state) as db:  # 31 days pass without a change to the ticket
        db.execute("UPDATE expert_ticket SET updated = updated - 31 * 86400")
    assert "deleted 1 question(s) to the experts older than 30 days" in purge()
    with sqlite3.connect(state) as db:
        assert db.execute("SELECT count(*) FROM expert_ticket").fetchone() == (0,)


def test_after_suggestions_for_an_unsure_question_that_question_is_previewed_and_no_drops_it(
    servers: Servers, stand_ins: StandIns
) -> None:
    sender = secrets.token_hex(8)
    unsure = "Mo (16) wil bij ons stage lopen, wie regelt de VOG?"
    chat(servers, sender, unsure)  # the closest entries as suggestions (two-stage fallback)
    before = len(stand_ins.connector.requests)
    (preview,) = chat(servers, sender, "vraag het een collega")
    assert "«[NAAM] (16) wil bij ons stage lopen, wie regelt de VOG?»" in preview["text"]
    (dropped,) = chat(servers, sender, "nee")
    assert dropped["text"] == "Oké, niet verstuurd."
    (nothing,) = chat(servers, sender, "/expert_send")  # the preview was dropped
    assert nothing["text"].startswith("Er staat geen vraag klaar")
    assert stand_ins.connector.requests[before:] == []


def test_danger_while_a_preview_waits_gets_112_first_and_sends_nothing(
    servers: Servers, stand_ins: StandIns
) -> None:
    sender = secrets.token_hex(8)
    chat(servers, sender, WEB_QUESTION)
    (preview,) = chat(servers, sender, "vraag het een collega")
    assert preview["text"].endswith("Versturen?")
    before = len(stand_ins.connector.requests)
    replies = chat(
        servers, sender, "er staat nu een jongen met een mes voor de deur van het buurthuis"
    )
    assert replies[0]["text"].startswith(EMERGENCY_LINE)
    assert all("Verstuurd naar de collega's" not in m.get("text", "") for m in replies)
    assert stand_ins.connector.requests[before:] == []
