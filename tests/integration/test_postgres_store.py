"""The redacting tracker store and retention on a real PostgreSQL 15 (issue 16: the same
code as on SQLite, dialect ``postgresql``), started by the test itself (tests/postgres.py)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain

from bot.privacy.retention import purge
from bot.privacy.tracker_store import RedactingTrackerStore
from bot.storage import tracker_store_url
from tests.postgres import bindir, running_postgres
from tests.unit.test_privacy_store import MESSAGE, PLANTED, conversation

pytestmark = pytest.mark.services

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def postgres() -> Iterator[sa.engine.URL]:
    with running_postgres() as url:
        yield sa.engine.make_url(url)


@pytest.fixture
def clean(postgres: sa.engine.URL) -> sa.engine.URL:
    """The database without the events of earlier tests."""
    engine = sa.create_engine(postgres)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS events"))
    engine.dispose()
    return postgres


def store(url: sa.engine.URL) -> RedactingTrackerStore:
    """The store as endpoints.yml configures it for PostgreSQL."""
    return RedactingTrackerStore(
        Domain.empty(),
        dialect="postgresql",
        host=url.host,
        port=url.port,
        db=url.database,
        username=url.username,
    )


def test_nothing_planted_reaches_a_dump_of_the_database(clean: sa.engine.URL) -> None:
    asyncio.run(store(clean).save(conversation("rest:1", MESSAGE)))
    dump = subprocess.run(
        [str(bindir() / "pg_dump"), "--host", str(clean.host), "--port", str(clean.port),
         "--username", str(clean.username), "--data-only", str(clean.database)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "rest:1" in dump  # the conversation is there …
    for planted in PLANTED:  # … without the personal data typed into it
        assert planted not in dump
    assert "[TELEFOON]" in dump and "Molenwijk" in dump


def test_a_conversation_reads_back_redacted_and_in_order(clean: sa.engine.URL) -> None:
    asyncio.run(store(clean).save(conversation("rest:1", MESSAGE)))
    tracker = asyncio.run(store(clean).retrieve("rest:1"))
    assert tracker is not None
    assert [e.type_name for e in tracker.events] == ["action", "user", "slot", "bot"]
    user = tracker.latest_message
    assert user.intent["name"] == "knowledge"
    assert "[TELEFOON]" in user.text and "06-12345678" not in user.text


def endpoints_for(url: sa.engine.URL, directory: Path) -> Path:
    """An endpoints.yml whose tracker store is this PostgreSQL database."""
    endpoints = directory / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n  type: bot.privacy.tracker_store.RedactingTrackerStore\n"
        f'  dialect: "postgresql"\n  host: "{url.host}"\n  port: {url.port}\n'
        f'  db: "{url.database}"\n  username: "{url.username}"\n'
    )
    return endpoints


def test_make_insights_reads_the_conversations_from_postgresql(
    clean: sa.engine.URL, tmp_path: Path
) -> None:
    for sender in ("rest:1", "rest:2"):
        asyncio.run(store(clean).save(conversation(sender, MESSAGE)))
    out = tmp_path / "insights.md"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts/operate/insights.py"), "--days", "1",
         "--endpoints", str(endpoints_for(clean, tmp_path)), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    report = out.read_text(encoding="utf-8")
    assert "- Gesprekken: 2" in report
    for planted in PLANTED:
        assert planted not in report


def test_make_purge_deletes_old_conversations_on_postgresql(
    clean: sa.engine.URL, tmp_path: Path
) -> None:
    old = time.time() - 40 * 86_400
    asyncio.run(store(clean).save(conversation("old", "hoi", timestamp=old)))
    asyncio.run(store(clean).save(conversation("new", "hoi")))
    endpoints = endpoints_for(clean, tmp_path)
    url = tracker_store_url(endpoints)
    assert str(url).startswith("postgresql://")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/operate/purge.py"), "--endpoints", str(endpoints)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "deleted 1 conversation(s) older than 30 days" in result.stdout
    engine = sa.create_engine(clean)
    with engine.connect() as connection:
        senders = {row[0] for row in connection.execute(sa.text("SELECT sender_id FROM events"))}
    engine.dispose()
    assert senders == {"new"}
    assert purge(url, days=30) == 0


def production_environment(url: sa.engine.URL) -> dict[str, str]:
    """The variables endpoints.production.yml reads, for the database at ``url``."""
    return {
        "WEGWIJZER_ENDPOINTS": str(ROOT / "endpoints.production.yml"),
        "ACTION_SERVER_URL": "http://127.0.0.1:1/webhook",
        "DB_HOST": str(url.host), "DB_PORT": str(url.port), "DB_DATABASE": str(url.database),
        "DB_USER": str(url.username), "DB_PASSWORD": "",
        "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "1", "REDIS_PASSWORD": "", "REDIS_DB": "0",
    }  # fmt: skip


def test_progress_and_welcomes_live_in_the_tracker_stores_postgresql(
    clean: sa.engine.URL, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import storage
    from bot.channels.once import WELCOME, HandledOnce
    from bot.onboarding.progress import ProgressStore

    for name, value in production_environment(clean).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("WEGWIJZER_STATE_SECRET", "gedeeld-geheim")
    url = storage.state_url()
    assert isinstance(url, sa.engine.URL) and url.get_backend_name() == "postgresql"
    assert (url.host, url.port, url.database) == (clean.host, clean.port, clean.database)
    # Two "replicas": separate stores on the same database agree.
    first, second = ProgressStore.from_environment(), ProgressStore(url, b"gedeeld-geheim")
    first.set_tour_step("teams:29:collega-anna", 3)
    second.record_round("teams:29:collega-anna", 4, 5)
    second.record_round("teams:29:collega-anna", 2, 5)
    progress = first.progress("teams:29:collega-anna")
    assert progress.tour_step == 3 and [r.score for r in progress.rounds] == [4, 2]
    assert HandledOnce.from_environment().claim(WELCOME, "19:kanaal-x@thread.tacv2")
    assert not HandledOnce(url, b"gedeeld-geheim").claim(WELCOME, "19:kanaal-x@thread.tacv2")
    dump = subprocess.run(
        [str(bindir() / "pg_dump"), "--host", str(clean.host), "--port", str(clean.port),
         "--username", str(clean.username), "--data-only", str(clean.database)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "anna" not in dump and "kanaal-x" not in dump
    assert first.key("teams:29:collega-anna") in dump


def test_expert_tickets_on_postgresql_one_claim_redacted_and_purged(
    clean: sa.engine.URL,
) -> None:
    from bot import storage
    from bot.experts.tickets import Tickets, purge_tickets

    first = Tickets(storage.create_engine(clean), b"gedeeld-geheim")
    second = Tickets(storage.create_engine(clean), b"gedeeld-geheim")  # another replica
    ticket = first.open("teams", "teams:conv-9", "Mo (16), 06-12345678: wie belt de ouders?")
    assert first.claim(ticket.id, "29:collega-anna") is not None
    assert second.claim(ticket.id, "29:collega-bram") is None
    assert second.answer(ticket.id, "29:collega-anna", "De wijkagent, na overleg.") is not None
    # The answer goes to the asker once, whichever replica takes it.
    assert [t.id for t in second.take_answers("teams:conv-9")] == [ticket.id]
    assert first.take_answers("teams:conv-9") == [] and not first.mark_delivered(ticket.id)
    dump = subprocess.run(
        [str(bindir() / "pg_dump"), "--host", str(clean.host), "--port", str(clean.port),
         "--username", str(clean.username), "--data-only", str(clean.database)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "12345678" not in dump and "anna" not in dump and "[TELEFOON]" in dump
    assert purge_tickets(first.engine, days=30, now=time.time() + 31 * 86_400) >= 1
    assert first.get(ticket.id) is None
