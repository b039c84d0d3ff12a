"""Onboarding progress per user: tour step and quiz rounds, in the state database.

Progress must outlive Rasa's session expiry (slots are not carried over) and restarts, so it
is kept apart from the tracker store, in the tables ``tour`` and ``quiz_round`` of
:mod:`bot.storage` (the embedded ``var/progress.db``, or the cluster's PostgreSQL). It holds
nothing but:

- a keyed hash of the channel's user id (:func:`bot.storage.keyed_hash`), never the id;
- the tour step reached and whether the tour was finished;
- per quiz round: the score, the number of questions and the day.

Days, not times. Rows untouched for :data:`DEFAULT_RETENTION_DAYS` are deleted by
``make purge`` (``WEGWIJZER_PROGRESS_RETENTION_DAYS``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from bot import storage
from bot.storage import QUIZ_ROUND, TOUR

DEFAULT_RETENTION_DAYS = 365
MAX_ROUNDS_SHOWN = 5


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


class ProgressStore:
    """Progress keyed by a keyed hash of the user id, in the database at ``url``."""

    def __init__(self, url: str | sa.engine.URL, secret: bytes) -> None:
        if not secret:
            raise ValueError("the progress store needs a non-empty secret")
        self._secret = secret
        self.engine = storage.engine(url)

    @classmethod
    def from_environment(cls) -> ProgressStore:
        """The store of this installation (:func:`bot.storage.state_url`)."""
        return cls(storage.state_url(), storage.state_secret())

    def key(self, user_id: str) -> str:
        """The stored key for ``user_id``."""
        return storage.keyed_hash(self._secret, user_id)

    def set_tour_step(
        self, user_id: str, step: int, finished: bool = False, today: dt.date | None = None
    ) -> None:
        """Remember the next step to show (from 0); ``finished`` once the tour was done."""
        day = (today or dt.date.today()).isoformat()
        insert = storage.insert_for(self.engine)
        statement = insert(TOUR).values(
            user_key=self.key(user_id), step=step, finished=int(finished), day=day
        )
        statement = statement.on_conflict_do_update(
            index_elements=[TOUR.c.user_key],
            set_={
                "step": statement.excluded.step,
                "finished": sa.func.greatest(TOUR.c.finished, statement.excluded.finished)
                if self.engine.dialect.name == "postgresql"
                else sa.func.max(TOUR.c.finished, statement.excluded.finished),
                "day": statement.excluded.day,
            },
        )
        with self.engine.begin() as db:
            db.execute(statement)

    def record_round(
        self, user_id: str, score: int, total: int, today: dt.date | None = None
    ) -> None:
        day = (today or dt.date.today()).isoformat()
        with self.engine.begin() as db:
            db.execute(
                QUIZ_ROUND.insert().values(
                    user_key=self.key(user_id), score=score, total=total, day=day
                )
            )

    def progress(self, user_id: str) -> Progress:
        key = self.key(user_id)
        with self.engine.connect() as db:
            tour = db.execute(
                sa.select(TOUR.c.step, TOUR.c.finished).where(TOUR.c.user_key == key)
            ).first()
            rows = db.execute(
                sa.select(QUIZ_ROUND.c.score, QUIZ_ROUND.c.total, QUIZ_ROUND.c.day)
                .where(QUIZ_ROUND.c.user_key == key)
                .order_by(QUIZ_ROUND.c.id)
            ).all()
        rounds = tuple(QuizRound(s, t, dt.date.fromisoformat(d)) for s, t, d in rows)
        if tour is None:
            return Progress(None, False, rounds)
        return Progress(tour[0], bool(tour[1]), rounds)

    def purge(self, days: float, today: dt.date | None = None) -> int:
        """See :func:`purge_progress`."""
        return purge_progress(self.engine, days, today)


def purge_progress(engine: sa.engine.Engine, days: float, today: dt.date | None = None) -> int:
    """Delete the progress of users not active for more than ``days`` days (their tour and
    all their rounds). Returns the number of
    users deleted. Needs no secret: it never looks at whose progress it is."""
    if days < 0:
        raise ValueError("the retention period cannot be negative")
    cutoff = ((today or dt.date.today()) - dt.timedelta(days=days)).isoformat()
    activity = sa.union_all(
        sa.select(TOUR.c.user_key, TOUR.c.day), sa.select(QUIZ_ROUND.c.user_key, QUIZ_ROUND.c.day)
    ).subquery()
    stale = (
        sa.select(activity.c.user_key)
        .group_by(activity.c.user_key)
        .having(sa.func.max(activity.c.day) < cutoff)
    )
    with engine.begin() as db:
        keys = [key for (key,) in db.execute(stale)]
        if keys:
            db.execute(TOUR.delete().where(TOUR.c.user_key.in_(keys)))
            db.execute(QUIZ_ROUND.delete().where(QUIZ_ROUND.c.user_key.in_(keys)))
    return len(keys)


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
