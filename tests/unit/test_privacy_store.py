"""The redacting tracker store and retention, on real SQLite databases."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.retention import purge
from bot.privacy.tracker_store import RedactingTrackerStore
from bot.storage import tracker_store_url

ROOT = Path(__file__).resolve().parents[2]
PLANTED = ["Mo Bakkali", "06-12345678", "mo.bakkali@gmail.com", "Dorpsstraat 12"]
MESSAGE = (
    "Mo Bakkali (16) uit de Molenwijk, 06-12345678, mo.bakkali@gmail.com, woont op de "
    "Dorpsstraat 12 en dreigt op Snapchat met wraak"
)


def store(path: Path, kind: type[SQLTrackerStore] = RedactingTrackerStore) -> SQLTrackerStore:
    return kind(Domain.empty(), dialect="sqlite", db=str(path))


def conversation(sender: str, text: str, timestamp: float | None = None) -> DialogueStateTracker:
    events = [
        ActionExecuted("action_listen", timestamp=timestamp),
        UserUttered(
            text,
            intent={"name": "knowledge", "confidence": 0.9},
            parse_data={
                "text": text,
                "intent": {"name": "knowledge", "confidence": 0.9},
                "entities": [{"entity": "platform", "value": "snapchat"}],
            },
            timestamp=timestamp,
        ),
        SlotSet("note", f"zie {text}", timestamp=timestamp),
        BotUttered(f"Je schreef: {text}", timestamp=timestamp),
    ]
    return DialogueStateTracker.from_events(sender, events)


def test_nothing_planted_reaches_the_database_file(tmp_path: Path) -> None:
    db = tmp_path / "trackers.db"
    asyncio.run(store(db).save(conversation("rest:1", MESSAGE)))
    raw = db.read_bytes().decode("utf-8", errors="ignore")
    for planted in PLANTED:
        assert planted not in raw
    assert "[TELEFOON]" in raw and "Molenwijk" in raw and "Snapchat" in raw


def test_a_stored_conversation_reads_back_redacted_with_its_structure(tmp_path: Path) -> None:
    db = tmp_path / "trackers.db"
    asyncio.run(store(db).save(conversation("rest:1", MESSAGE)))
    tracker = asyncio.run(store(db).retrieve("rest:1"))
    user = tracker.latest_message
    assert user.intent["name"] == "knowledge"
    assert "[TELEFOON]" in user.text and "06-12345678" not in user.text
    assert user.parse_data["text"] == user.text
    assert [e["value"] for e in user.entities] == ["snapchat"]
    assert "06-12345678" not in str(tracker.get_slot("note") or "")


def test_rasas_own_store_would_have_kept_it(tmp_path: Path) -> None:
    """The check above means something: the plain SQL store writes the number."""
    db = tmp_path / "plain.db"
    asyncio.run(store(db, SQLTrackerStore).save(conversation("rest:1", MESSAGE)))
    assert "06-12345678" in db.read_bytes().decode("utf-8", errors="ignore")


def test_purge_deletes_whole_conversations_older_than_the_period(tmp_path: Path) -> None:
    db = tmp_path / "trackers.db"
    old = time.time() - 40 * 86_400
    asyncio.run(store(db).save(conversation("old", "hoi", timestamp=old)))
    asyncio.run(store(db).save(conversation("new", "hoi")))
    url = f"sqlite:///{db}"
    assert purge(url, days=30) == 1
    senders = {r[0] for r in sqlite3.connect(db).execute("select sender_id from events")}
    assert senders == {"new"}
    assert purge(url, days=30) == 0
    assert purge(url, days=0, now=time.time() + 1) == 1


def test_purge_of_an_empty_database_and_bad_periods(tmp_path: Path) -> None:
    assert purge(f"sqlite:///{tmp_path / 'none.db'}", days=30) == 0
    with pytest.raises(ValueError):
        purge(f"sqlite:///{tmp_path / 'none.db'}", days=-1)


def test_make_purge_reads_the_database_from_endpoints(tmp_path: Path) -> None:
    db = tmp_path / "var" / "trackers.db"
    db.parent.mkdir()
    asyncio.run(store(db).save(conversation("old", "hoi", timestamp=time.time() - 90 * 86_400)))
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n  type: bot.privacy.tracker_store.RedactingTrackerStore\n"
        '  dialect: "sqlite"\n  db: "var/trackers.db"\n'
    )
    assert str(tracker_store_url(endpoints)).endswith(str(db))
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/operate/purge.py"), "--endpoints", str(endpoints)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "deleted 1 conversation(s) older than 30 days" in result.stdout


def test_the_project_stores_conversations_with_the_redacting_store() -> None:
    import yaml

    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    store_type = endpoints["tracker_store"]["type"]
    assert store_type == "bot.privacy.tracker_store.RedactingTrackerStore"


def test_sqlite_runs_in_write_ahead_log_mode_with_every_commit_synced(tmp_path: Path) -> None:
    """WAL (docs/benchmarks.md: fewer syncs per stored turn) and still synchronous = FULL
    (2): a stored turn is on disk when the answer goes out."""
    db = tmp_path / "trackers.db"
    tracker_store = store(db)
    asyncio.run(tracker_store.save(conversation("rest:wal", "hoi")))
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with tracker_store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    again = asyncio.run(store(db).retrieve("rest:wal"))
    assert again is not None and again.latest_message.text == "hoi"
