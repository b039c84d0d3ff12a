"""The progress store and the Teams welcome book: real SQLite, keyed hashes only, survive
reopening, purged by age; older files are upgraded in place. (The same on PostgreSQL:
tests/integration/test_postgres_store.py.)"""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from bot.onboarding.progress import Progress, ProgressStore, QuizRound, render_progress

DAY = dt.date(2026, 11, 30)


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore(_url(tmp_path / "progress.db"), b"test-secret")


def _dump(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return "\n".join(db.iterdump())


def test_tour_step_and_rounds_survive_reopening(store: ProgressStore, tmp_path: Path) -> None:
    assert store.progress("rest:anna").empty
    store.set_tour_step("rest:anna", 3, today=DAY)
    store.record_round("rest:anna", 4, 5, today=DAY)
    store.record_round("rest:anna", 2, 5, today=DAY)
    again = ProgressStore(_url(tmp_path / "progress.db"), b"test-secret")
    progress = again.progress("rest:anna")
    assert progress == Progress(3, False, (QuizRound(4, 5, DAY), QuizRound(2, 5, DAY)))
    assert again.progress("rest:bert").empty


def test_finishing_the_tour_is_kept_when_it_is_walked_again(store: ProgressStore) -> None:
    store.set_tour_step("u", 9, finished=True)
    store.set_tour_step("u", 1)
    assert store.progress("u").tour_finished
    assert store.progress("u").tour_step == 1


def test_only_a_keyed_hash_of_the_user_id_is_stored(store: ProgressStore, tmp_path: Path) -> None:
    store.set_tour_step("teams:29:1a2b-gebruiker", 2, today=DAY)
    store.record_round("teams:29:1a2b-gebruiker", 3, 5, today=DAY)
    dump = _dump(tmp_path / "progress.db")
    assert "gebruiker" not in dump and "teams:" not in dump
    assert store.key("teams:29:1a2b-gebruiker") in dump
    other = ProgressStore(_url(tmp_path / "other.db"), b"another-secret")
    assert other.key("teams:29:1a2b-gebruiker") != store.key("teams:29:1a2b-gebruiker")
    with sqlite3.connect(tmp_path / "progress.db") as db:
        columns = {
            table: [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
            for table in ("tour", "quiz_round")
        }
    assert columns == {
        "tour": ["user_key", "step", "finished", "day"],
        "quiz_round": ["id", "user_key", "score", "total", "day"],
    }


def test_the_secret_is_created_once_private_or_taken_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEGWIJZER_PROGRESS_DB", str(tmp_path / "var" / "progress.db"))
    monkeypatch.delenv("WEGWIJZER_PROGRESS_SECRET", raising=False)
    monkeypatch.delenv("WEGWIJZER_STATE_SECRET", raising=False)
    monkeypatch.delenv("WEGWIJZER_ENDPOINTS", raising=False)
    first = ProgressStore.from_environment()
    key_file = tmp_path / "var" / "progress.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert ProgressStore.from_environment().key("x") == first.key("x")
    monkeypatch.setenv("WEGWIJZER_PROGRESS_SECRET", "uit-de-omgeving")
    assert ProgressStore.from_environment().key("x") != first.key("x")
    with pytest.raises(ValueError):
        ProgressStore(_url(tmp_path / "p.db"), b"")


def test_purge_deletes_users_inactive_longer_than_the_period(store: ProgressStore) -> None:
    store.set_tour_step("oud", 2, today=DAY - dt.timedelta(days=400))
    store.record_round("oud", 1, 5, today=DAY - dt.timedelta(days=400))
    store.set_tour_step("recent", 2, today=DAY - dt.timedelta(days=400))
    store.record_round("recent", 5, 5, today=DAY - dt.timedelta(days=10))
    assert store.purge(365, today=DAY) == 1
    assert store.progress("oud").empty
    assert store.progress("recent").tour_step == 2
    assert store.purge(365, today=DAY) == 0
    with pytest.raises(ValueError):
        store.purge(-1)


def test_render_progress() -> None:
    assert render_progress(Progress(None, False, ()), 9).startswith("Je hebt nog geen")
    text = render_progress(Progress(4, False, (QuizRound(3, 5, DAY), QuizRound(5, 5, DAY))), 9)
    assert text.splitlines() == [
        "Rondleiding: 4 van de 9 stappen gedaan.",
        "Quiz: 2 ronde(s) gespeeld, beste score 5/5.",
        "- 30-11-2026: 3 van de 5 goed",
        "- 30-11-2026: 5 van de 5 goed",
    ]
    assert render_progress(Progress(9, True, ()), 9).splitlines() == [
        "Rondleiding: afgerond (alle 9 stappen).",
        "Quiz: nog geen ronde gespeeld.",
    ]


def test_make_purge_also_purges_progress(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    path = tmp_path / "progress.db"
    store = ProgressStore(_url(path), b"s")
    store.set_tour_step("oud", 3, today=dt.date.today() - dt.timedelta(days=400))
    store.set_tour_step("nieuw", 3)
    from bot import storage
    from bot.experts.tickets import Tickets

    state = storage.create_engine(_url(path))
    old_question = Tickets(state, b"s", clock=lambda: time.time() - 31 * 86400).open(
        "web", "web:oud", "Een vraag van lang geleden?"
    )
    new_question = Tickets(state, b"s").open("web", "web:nieuw", "Een vraag van vandaag?")
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n  type: bot.privacy.tracker_store.RedactingTrackerStore\n"
        f'  dialect: "sqlite"\n  db: "{tmp_path / "trackers.db"}"\n'
    )
    env = {**os.environ, "WEGWIJZER_PROGRESS_DB": str(path), "WEGWIJZER_STATE_SECRET": "s"}
    result = subprocess.run(
        [sys.executable, str(root / "scripts/operate/purge.py"), "--endpoints", str(endpoints)],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    assert "onboarding progress of 1 user(s) inactive for more than 365 days" in result.stdout
    assert store.progress("oud").empty and not store.progress("nieuw").empty
    assert "deleted 1 question(s) to the experts older than 30 days" in result.stdout
    questions = Tickets(state, b"s")
    assert questions.get(old_question.id) is None and questions.get(new_question.id)


def test_a_file_from_before_quiz_round_id_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE tour (user_key TEXT PRIMARY KEY, step INTEGER NOT NULL,"
            " finished INTEGER NOT NULL DEFAULT 0, day TEXT NOT NULL);"
            "CREATE TABLE quiz_round (user_key TEXT NOT NULL, score INTEGER NOT NULL,"
            " total INTEGER NOT NULL, day TEXT NOT NULL);"
            "CREATE INDEX quiz_round_user ON quiz_round (user_key);"
        )
    old = ProgressStore.__new__(ProgressStore)  # only for its key function
    old._secret = b"s"
    key = old.key("u")
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO tour VALUES (?, 4, 0, '2026-11-01')", (key,))
        db.executemany(
            "INSERT INTO quiz_round VALUES (?, ?, 5, '2026-11-01')", [(key, 5), (key, 1)]
        )
    store = ProgressStore(_url(path), b"s")
    store.record_round("u", 3, 5, today=DAY)
    progress = store.progress("u")
    assert progress.tour_step == 4
    assert [r.score for r in progress.rounds] == [5, 1, 3]


def test_a_claim_is_granted_once_across_processes_per_kind_and_purged(tmp_path: Path) -> None:
    from bot.channels.once import ACTIVITY, WELCOME, HandledOnce, purge_handled

    url = _url(tmp_path / "state.db")
    first, second = HandledOnce(url, b"s"), HandledOnce(url, b"s")
    old = DAY - dt.timedelta(days=400)
    assert first.claim(WELCOME, "19:gesprek-a@thread.v2", today=old)
    assert not second.claim(WELCOME, "19:gesprek-a@thread.v2")
    assert second.claim(ACTIVITY, "19:gesprek-a@thread.v2")  # another kind, another claim
    assert second.claim(WELCOME, "a:persoonlijk-gesprek-b", today=DAY)
    assert "gesprek" not in _dump(tmp_path / "state.db")
    assert purge_handled(first.engine, WELCOME, 365, today=DAY) == 1
    assert first.claim(WELCOME, "19:gesprek-a@thread.v2")
