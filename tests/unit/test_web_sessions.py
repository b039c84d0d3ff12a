"""The web chat's sign-ins and sessions in the state database (bot/channels/web_sessions.py),
on a real SQLite file, with a clock the test turns."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.channels.web_sessions import LOGIN_SECONDS, WebSessions, purge_expired, user_key
from tests.clock import Clock

SECRET = b"test-secret"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sessions(tmp_path: Path, clock: Clock) -> WebSessions:
    return WebSessions(f"sqlite:///{tmp_path / 'state.db'}", SECRET, clock=clock)


def rows(sessions: WebSessions) -> list[tuple]:
    path = sessions.engine.url.database
    assert path
    with sqlite3.connect(path) as db:
        return db.execute("SELECT key, kind, user_key, data, expires FROM web_signin").fetchall()


def test_a_sign_in_under_way_is_taken_once(sessions: WebSessions) -> None:
    sessions.save_login("state-1", "verifier-1", "nonce-1")
    assert sessions.take_login("state-1") == {"code_verifier": "verifier-1", "nonce": "nonce-1"}
    assert sessions.take_login("state-1") is None
    assert sessions.take_login("state-unknown") is None


def test_a_sign_in_under_way_expires(sessions: WebSessions, clock: Clock) -> None:
    sessions.save_login("state-2", "verifier", "nonce")
    clock.now += LOGIN_SECONDS + 1
    assert sessions.take_login("state-2") is None


def test_a_session_lasts_its_hours_and_ends_on_sign_out(
    sessions: WebSessions, clock: Clock
) -> None:
    user = user_key(SECRET, "https://idp.example", "anna")
    token = sessions.open(user, hours=8)
    assert sessions.user(token) == user
    clock.now += 8 * 3600 - 1
    assert sessions.user(token) == user
    clock.now += 2
    assert sessions.user(token) is None
    other = sessions.open(user, hours=8)
    sessions.close(other)
    assert sessions.user(other) is None


@pytest.mark.parametrize("value", [None, "", "x" * 129, "made-up"])
def test_no_session_for_missing_or_made_up_values(sessions: WebSessions, value: str | None) -> None:
    sessions.open(user_key(SECRET, "https://idp.example", "anna"), hours=1)
    assert sessions.user(value) is None
    sessions.close(value)  # nothing to end, no error


def test_only_keyed_hashes_are_stored(sessions: WebSessions) -> None:
    token = sessions.open(user_key(SECRET, "https://idp.example", "anna"), hours=1)
    sessions.save_login("state-3", "verifier", "nonce")
    stored = repr(rows(sessions))
    assert token not in stored and "state-3" not in stored and "anna" not in stored


def test_the_user_key_depends_on_issuer_subject_and_secret() -> None:
    anna = user_key(SECRET, "https://idp.example", "anna")
    assert anna != user_key(SECRET, "https://other-idp.example", "anna")
    assert anna != user_key(SECRET, "https://idp.example", "bram")
    assert anna != user_key(b"another-installation", "https://idp.example", "anna")
    assert len(anna) == 64


def test_purge_forgets_what_expired(sessions: WebSessions, clock: Clock) -> None:
    sessions.open("u" * 64, hours=1)
    sessions.save_login("state-4", "verifier", "nonce")
    long = sessions.open("v" * 64, hours=24)
    clock.now += 2 * 3600
    assert purge_expired(sessions.engine, clock.now) == 2
    assert sessions.user(long) == "v" * 64
    assert len(rows(sessions)) == 1
