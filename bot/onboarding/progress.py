"""Onboarding progress per user: tour step and quiz rounds, in a small SQLite store.

Progress must outlive Rasa's session expiry (slots are not carried over) and restarts, so it
is kept apart from the tracker store. It holds nothing but:

- a keyed hash of the channel's user id (HMAC-SHA256 with a local secret), never the id;
- the tour step reached and whether the tour was finished;
- per quiz round: the score, the number of questions and the day.

Days, not times. Rows untouched for :data:`DEFAULT_RETENTION_DAYS` are deleted by
``make purge`` (``WEGWIJZER_PROGRESS_RETENTION_DAYS``). Paths: ``WEGWIJZER_PROGRESS_DB``
(default ``var/progress.db``) and ``WEGWIJZER_PROGRESS_SECRET`` (the secret itself) or else
the file ``var/progress.key``, created with mode 0600 on first use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "var" / "progress.db"
DEFAULT_RETENTION_DAYS = 365
MAX_ROUNDS_SHOWN = 5

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tour (
    user_key TEXT PRIMARY KEY,
    step INTEGER NOT NULL,
    finished INTEGER NOT NULL DEFAULT 0,
    day TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS quiz_round (
    user_key TEXT NOT NULL,
    score INTEGER NOT NULL,
    total INTEGER NOT NULL,
    day TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS quiz_round_user ON quiz_round (user_key);
"""


@dataclass(frozen=True)
class QuizRound:
    score: int
    total: int
    day: dt.date


@dataclass(frozen=True)
class Progress:
    """What one user has done: the next tour step (None: never started), whether the tour
    was finished, and their quiz rounds, oldest first."""

    tour_step: int | None
    tour_finished: bool
    rounds: tuple[QuizRound, ...]

    @property
    def empty(self) -> bool:
        return self.tour_step is None and not self.rounds


def _secret_from_file(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_hex(32))
    return path.read_text(encoding="ascii").strip().encode()


class ProgressStore:
    """Progress keyed by a keyed hash of the user id."""

    def __init__(self, path: Path, secret: bytes) -> None:
        if not secret:
            raise ValueError("the progress store needs a non-empty secret")
        self.path = path
        self._secret = secret
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @classmethod
    def from_environment(cls) -> ProgressStore:
        path = progress_db_path()
        secret = os.environ.get("WEGWIJZER_PROGRESS_SECRET", "").encode()
        return cls(path, secret or _secret_from_file(path.parent / "progress.key"))

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:
                yield db
        finally:
            db.close()

    def key(self, user_id: str) -> str:
        """The stored key for ``user_id``: HMAC-SHA256 with the local secret."""
        return hmac.new(self._secret, user_id.encode("utf-8"), hashlib.sha256).hexdigest()

    def set_tour_step(
        self, user_id: str, step: int, finished: bool = False, today: dt.date | None = None
    ) -> None:
        """Remember the next step to show (from 0); ``finished`` once the tour was done."""
        day = (today or dt.date.today()).isoformat()
        with self._connect() as db:
            db.execute(
                "INSERT INTO tour (user_key, step, finished, day) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (user_key) DO UPDATE SET step = excluded.step, "
                "finished = MAX(tour.finished, excluded.finished), day = excluded.day",
                (self.key(user_id), step, int(finished), day),
            )

    def record_round(
        self, user_id: str, score: int, total: int, today: dt.date | None = None
    ) -> None:
        day = (today or dt.date.today()).isoformat()
        with self._connect() as db:
            db.execute(
                "INSERT INTO quiz_round (user_key, score, total, day) VALUES (?, ?, ?, ?)",
                (self.key(user_id), score, total, day),
            )

    def progress(self, user_id: str) -> Progress:
        key = self.key(user_id)
        with self._connect() as db:
            tour = db.execute(
                "SELECT step, finished FROM tour WHERE user_key = ?", (key,)
            ).fetchone()
            rows = db.execute(
                "SELECT score, total, day FROM quiz_round WHERE user_key = ? ORDER BY rowid",
                (key,),
            ).fetchall()
        rounds = tuple(QuizRound(s, t, dt.date.fromisoformat(d)) for s, t, d in rows)
        if tour is None:
            return Progress(None, False, rounds)
        return Progress(tour[0], bool(tour[1]), rounds)

    def purge(self, days: float, today: dt.date | None = None) -> int:
        """See :func:`purge_progress`."""
        return purge_progress(self.path, days, today)


def progress_db_path() -> Path:
    """The store's file: ``WEGWIJZER_PROGRESS_DB``, else ``var/progress.db``."""
    return Path(os.environ.get("WEGWIJZER_PROGRESS_DB") or DEFAULT_DB)


def purge_progress(path: Path, days: float, today: dt.date | None = None) -> int:
    """Delete the progress of users not active for more than ``days`` days (their tour and
    all their rounds) from the store at ``path``, if there is one. Returns the number of
    users deleted. Needs no secret: it never looks at whose progress it is."""
    if days < 0:
        raise ValueError("the retention period cannot be negative")
    if not path.exists():
        return 0
    cutoff = ((today or dt.date.today()) - dt.timedelta(days=days)).isoformat()
    last = (
        "SELECT user_key, MAX(day) AS day FROM ("
        "SELECT user_key, day FROM tour UNION ALL SELECT user_key, day FROM quiz_round"
        ") GROUP BY user_key"
    )
    db = sqlite3.connect(path, timeout=10)
    try:
        with db:
            db.executescript(_SCHEMA)
            query = f"SELECT user_key FROM ({last}) WHERE day < ?"
            stale = [key for (key,) in db.execute(query, (cutoff,))]
            for key in stale:
                db.execute("DELETE FROM tour WHERE user_key = ?", (key,))
                db.execute("DELETE FROM quiz_round WHERE user_key = ?", (key,))
    finally:
        db.close()
    return len(stale)


def render_progress(progress: Progress, total_steps: int) -> str:
    """ "Wat heb ik al gedaan?": the tour and the quiz rounds in plain Dutch."""
    if progress.empty:
        return (
            "Je hebt nog geen rondleiding of quiz gedaan. Begin met de rondleiding voor nieuwe "
            "collega's, of test je kennis met de quiz."
        )
    if progress.tour_finished:
        tour = f"Rondleiding: afgerond (alle {total_steps} stappen)."
    elif progress.tour_step is None:
        tour = "Rondleiding: nog niet begonnen."
    else:
        done = min(progress.tour_step, total_steps)
        tour = f"Rondleiding: {done} van de {total_steps} stappen gedaan."
    if not progress.rounds:
        return f"{tour}\nQuiz: nog geen ronde gespeeld."
    best = max(progress.rounds, key=lambda r: r.score / r.total)
    lines = [
        tour,
        f"Quiz: {len(progress.rounds)} ronde(s) gespeeld, beste score {best.score}/{best.total}.",
    ]
    for quiz_round in progress.rounds[-MAX_ROUNDS_SHOWN:]:
        day = quiz_round.day.strftime("%d-%m-%Y")
        lines.append(f"- {day}: {quiz_round.score} van de {quiz_round.total} goed")
    return "\n".join(lines)
