"""The experts' desk (bot/experts/desk.py) on a real SQLite state file and real HTTP against
the Bot Connector and token stand-ins: a question becomes a ticket and a card in the experts'
channel, the experts' buttons move it on and update the card, and the answer reaches the
asker (Teams at once, the web chat at the next message). End to end through Rasa, Teams and
the web chat: tests/integration/test_experts_http.py."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from prometheus_client import REGISTRY

from bot import storage
from bot.channels.botframework_client import BotConnectorClient
from bot.experts import asking
from bot.experts import desk as desk_module
from bot.experts.cards import ANSWER_FIELD, SUBMIT_KEY
from bot.experts.desk import ExpertDesk, question_in, without_questions
from bot.experts.drafts import drafts_folder
from bot.experts.settings import ExpertsSettings
from bot.experts.tickets import ANSWERED, CLAIMED, CLOSED, Tickets
from bot.knowledge.local import local_schema
from tests import teams_activities as teams
from tests.botframework_fakes import APP_ID, APP_PASSWORD, ConnectorServer, TokenServer
from tests.clock import Clock

EXPERTS = "19:experts-channel@thread.tacv2"
PLANTED = "Mo (16) uit de Molenwijk, 06-12345678: hoe werkt ons convenant?"
T = TypeVar("T")


@pytest.fixture
def tickets(tmp_path: Path) -> Tickets:
    return Tickets(storage.create_engine(f"sqlite:///{tmp_path / 'state.db'}"), b"s", Clock())


def run(
    tokens: TokenServer,
    connector: ConnectorServer,
    tickets: Tickets,
    scenario: Callable[[ExpertDesk], Awaitable[T]],
    drafts: Path | None = None,
) -> T:
    async def main() -> T:
        client = BotConnectorClient(
            APP_ID,
            APP_PASSWORD,
            teams.TENANT["id"],
            token_endpoint=tokens.token_endpoint,
            allow_insecure_localhost=True,
        )
        settings = ExpertsSettings(channel=EXPERTS, service_url=connector.service_url)
        desk = ExpertDesk(settings, tickets, client, APP_ID, teams.TENANT["id"], drafts)
        async with client:
            return await scenario(desk)

    return asyncio.run(main())


def question_payload(text: str) -> dict[str, Any]:
    return {"recipient_id": "x", "custom": {"expert_question": text}}


def press(connector: ConnectorServer, step: str, ticket: str, **person: Any) -> dict[str, Any]:
    """An expert's press on the card, in the thread the desk started (as Teams sends it)."""
    (started,) = [r for r in connector.requests if r.raw_path.endswith("/v3/conversations")]
    assert started.status == 201
    value = {SUBMIT_KEY: step, "ticket": ticket}
    user = {**teams.OTHER_USER, **person}
    return teams.card_submit_in_channel(connector.service_url, EXPERTS, "activity-1", value, user)


def card_texts(request: Any) -> str:
    (attachment,) = request.body["attachments"]
    return json.dumps(attachment["content"], ensure_ascii=False)


def test_a_question_becomes_a_redacted_ticket_and_a_new_thread_in_the_experts_channel(
    tokens: TokenServer, connector: ConnectorServer, tickets: Tickets
) -> None:
    replies = [{"recipient_id": "x", "text": "Even kijken."}, question_payload(PLANTED)]
    reply_to = {"service_url": "https://smba.example/emea/", "conversation": "a:1personal"}
    result = run(
        tokens, connector, tickets, lambda d: d.after_turn("teams", "teams:u1", replies, reply_to)
    )
    (ticket,) = tickets.waiting()
    assert [r["text"] for r in result] == [
        "Even kijken.",
        desk_module.SENT.format(id=ticket.id) + desk_module.SENT_TEAMS,
    ]
    assert ticket.conversation == "teams:u1" and ticket.reply_address() == reply_to
    assert ticket.question == "[NAAM] (16) uit de Molenwijk, [TELEFOON]: hoe werkt ons convenant?"
    (started,) = connector.requests
    assert started.raw_path == "/teams/v3/conversations" and started.method == "POST"
    assert started.body["channelData"]["channel"] == {"id": EXPERTS}
    assert started.body["isGroup"] is True and started.body["bot"] == {"id": f"28:{APP_ID}"}
    card = json.dumps(started.body["activity"], ensure_ascii=False)
    assert ticket.id in card and "06-12345678" not in card and "Ik pak dit op" in card
    assert ticket.card_address() == {
        "service_url": connector.service_url,
        "conversation": "19:thread-1@thread.tacv2",
        "activity": "activity-1",
    }


def test_when_the_card_cannot_be_posted_the_user_is_told_and_no_ticket_waits(
    tokens: TokenServer, connector: ConnectorServer, tickets: Tickets
) -> None:
    connector.fail_with = 403  # not retried: the bot is not in that team, say
    result = run(
        tokens,
        connector,
        tickets,
        lambda d: d.after_turn(
            "web", "web:abc", [question_payload("Wie is onze procesregisseur?")]
        ),
    )
    assert [r["text"] for r in result] == [desk_module.NOT_SENT]
    assert tickets.waiting() == []


def test_claim_answer_and_the_answer_reaches_the_teams_asker_once(
    tokens: TokenServer, connector: ConnectorServer, tickets: Tickets
) -> None:
    reply_to = {"service_url": connector.service_url, "conversation": "a:1personal-asker"}

    async def scenario(desk: ExpertDesk) -> None:
        await desk.after_turn(
            "teams", "teams:u1", [question_payload("Wie belt de school?")], reply_to
        )
        (ticket,) = tickets.waiting()
        await desk.on_submit(press(connector, "claim", ticket.id, name="Els Expert"))
        second = press(connector, "claim", ticket.id, id="29:someone-else", aadObjectId="other")
        await desk.on_submit(second)  # too late: a notice in the thread, nothing changes
        answer = press(connector, "answer", ticket.id)
        answer["value"][ANSWER_FIELD] = "De teamleider belt de school, bel 06-98765432."
        await desk.on_submit(answer)

    counted = {step: _count(step) for step in ("sent", "claim", "refused", "answer", "delivered")}
    run(tokens, connector, tickets, scenario)
    assert {step: _count(step) - n for step, n in counted.items()} == {
        "sent": 1, "claim": 1, "refused": 1, "answer": 1, "delivered": 1
    }  # fmt: skip
    (ticket,) = [tickets.get(t) for t in _ids(tickets)]
    assert ticket is not None and ticket.status == ANSWERED and ticket.delivered
    assert ticket.answer == "De teamleider belt de school, bel [TELEFOON]."
    claimed, refused, answered, delivered = connector.requests[1:]
    assert claimed.method == "PUT" and claimed.activity_id == "activity-1"
    assert "Opgepakt door Els Expert" in card_texts(claimed)
    assert refused.method == "POST" and "al opgepakt" in card_texts(refused)
    assert answered.method == "PUT" and "Beantwoord door" in card_texts(answered)
    assert "Maak er een lokaal item van" in card_texts(answered)
    assert delivered.conversation_id == "a:1personal-asker"
    text = card_texts(delivered)
    assert "Antwoord van een collega" in text and "niet uit het rapport" in text
    assert "Bron:" not in text and "06-98765432" not in text
    # Already delivered: the asker's next message does not repeat it.
    again = run(tokens, connector, tickets, lambda d: d.after_turn("teams", "teams:u1", []))
    assert again == []


def _count(step: str) -> float:
    """``wegwijzer_expert_questions_total{step}`` as /metrics shows it."""
    return REGISTRY.get_sample_value("wegwijzer_expert_questions_total", {"step": step}) or 0.0


def _ids(tickets: Tickets) -> list[str]:
    with tickets.engine.connect() as db:
        return [row.id for row in db.execute(storage.EXPERT_TICKET.select())]


def test_a_web_chat_answer_waits_for_the_askers_next_message(
    tokens: TokenServer, connector: ConnectorServer, tickets: Tickets
) -> None:
    async def scenario(desk: ExpertDesk) -> tuple[list[Any], list[Any], list[Any]]:
        await desk.after_turn("web", "web:abc", [question_payload("Wie is onze procesregisseur?")])
        (ticket,) = tickets.waiting()
        await desk.on_submit(press(connector, "claim", ticket.id))
        answer = press(connector, "answer", ticket.id)
        answer["value"][ANSWER_FIELD] = "Dat is team OOV, via het Veiligheidshuis."
        await desk.on_submit(answer)
        other = await desk.after_turn("web", "web:someone-else", [])
        mine = await desk.after_turn("web", "web:abc", [{"recipient_id": "x", "text": "Hoi"}])
        later = await desk.after_turn("web", "web:abc", [])
        return other, mine, later

    other, mine, later = run(tokens, connector, tickets, scenario)
    assert other == [] and later == []
    assert mine[0]["text"] == "Hoi"
    assert mine[1]["text"].startswith("**Antwoord van een collega** (niet uit het rapport)")
    assert "Dat is team OOV, via het Veiligheidshuis." in mine[1]["text"]
    # Nothing was sent to a Teams conversation for a web question.
    assert all(r.method == "PUT" or "/v3/conversations" in r.raw_path for r in connector.requests)
    assert len([r for r in connector.requests if r.method == "POST"]) == 1


def test_an_answered_question_becomes_a_draft_local_entry(
    tokens: TokenServer,
    connector: ConnectorServer,
    tickets: Tickets,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "lokale-kennis"
    monkeypatch.setenv("WEGWIJZER_LOCAL_KNOWLEDGE", str(folder))
    monkeypatch.delenv("WEGWIJZER_KNOWLEDGE_DRAFTS", raising=False)
    assert drafts_folder() == folder / "drafts"

    async def scenario(desk: ExpertDesk) -> str:
        await desk.after_turn("web", "web:abc", [question_payload("Wie is onze procesregisseur?")])
        (ticket,) = tickets.waiting()
        await desk.on_submit(press(connector, "draft", ticket.id))  # no answer yet
        await desk.on_submit(press(connector, "claim", ticket.id))
        answer = press(connector, "answer", ticket.id)
        answer["value"][ANSWER_FIELD] = "Dat is team OOV, via het Veiligheidshuis."
        await desk.on_submit(answer)
        await desk.on_submit(press(connector, "draft", ticket.id))
        await desk.on_submit(press(connector, "close", ticket.id))
        return ticket.id

    ticket_id = run(tokens, connector, tickets, scenario, drafts_folder())
    notices = [card_texts(r) for r in connector.requests[1:] if r.method == "POST"]
    assert "nog geen antwoord" in notices[0]
    assert f"lokaal-vraag-{ticket_id}.yml in de map met concepten" in notices[1]
    draft = yaml.safe_load((folder / "drafts" / f"lokaal-vraag-{ticket_id}.yml").read_text())
    assert draft["summary"] == "Dat is team OOV, via het Veiligheidshuis."
    assert draft["questions"][0] == "Wie is onze procesregisseur?"
    assert set(draft) <= set(local_schema()["properties"])
    assert not (folder / "entries").exists()  # a draft is never served as it is
    ticket = tickets.get(ticket_id)
    assert ticket is not None and ticket.status == CLOSED


def test_only_presses_on_known_tickets_count_and_an_empty_answer_is_refused(
    tokens: TokenServer, connector: ConnectorServer, tickets: Tickets
) -> None:
    async def scenario(desk: ExpertDesk) -> str:
        await desk.after_turn("web", "web:abc", [question_payload("Wie is onze procesregisseur?")])
        (ticket,) = tickets.waiting()
        await desk.on_submit(press(connector, "claim", ticket.id))
        await desk.on_submit(press(connector, "answer", ticket.id))  # the field left empty
        await desk.on_submit(press(connector, "claim", "no-such-ticket"))
        return ticket.id

    ticket_id = run(tokens, connector, tickets, scenario)
    ticket = tickets.get(ticket_id)
    assert ticket is not None and ticket.status == CLAIMED
    notices = [card_texts(r) for r in connector.requests[1:] if r.method == "POST"]
    assert "Schrijf eerst een antwoord" in notices[0]
    assert "al opgepakt door een collega, of gesloten" in notices[1]


def test_without_experts_a_question_payload_says_so_and_other_replies_pass() -> None:
    replies = [{"recipient_id": "x", "text": "Hoi"}, question_payload("Wie?")]
    assert question_in(replies[1]) == "Wie?" and question_in(replies[0]) is None
    assert without_questions(replies) == [
        replies[0],
        {"recipient_id": "x", "text": asking.NOT_OFFERED},
    ]


def test_drafts_go_to_their_own_writable_folder_when_one_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEGWIJZER_LOCAL_KNOWLEDGE", str(tmp_path / "read-only"))
    monkeypatch.setenv("WEGWIJZER_KNOWLEDGE_DRAFTS", str(tmp_path / "concepten"))
    assert drafts_folder() == tmp_path / "concepten"
    monkeypatch.delenv("WEGWIJZER_LOCAL_KNOWLEDGE")
    monkeypatch.delenv("WEGWIJZER_KNOWLEDGE_DRAFTS")
    assert drafts_folder() is None


def test_the_desk_needs_both_the_experts_channel_and_the_teams_bot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEGWIJZER_PROGRESS_DB", str(tmp_path / "progress.db"))
    monkeypatch.setenv("WEGWIJZER_ENDPOINTS", str(tmp_path / "none.yml"))
    for variable in ("TEAMS_APP_ID", "TEAMS_APP_PASSWORD", "TEAMS_TENANT_ID"):
        monkeypatch.delenv(variable, raising=False)
    assert ExpertDesk.from_environment() is None  # nothing configured
    monkeypatch.setenv("WEGWIJZER_EXPERTS_CHANNEL", EXPERTS)
    monkeypatch.setenv("WEGWIJZER_EXPERTS_SERVICE_URL", "https://smba.trafficmanager.net/emea/")
    assert ExpertDesk.from_environment() is None  # the bot cannot post: not offered
    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    monkeypatch.setenv("TEAMS_APP_PASSWORD", APP_PASSWORD)
    monkeypatch.setenv("TEAMS_TENANT_ID", teams.TENANT["id"])
    desk = ExpertDesk.from_environment()
    assert desk is not None and desk.settings.channel == EXPERTS
