"""The web chat's sign-in state, kept in the state database (table ``web_signin`` of
:mod:`bot.storage`) so that every replica knows every session and a sign-out ends a session
everywhere at once.

Two kinds of rows, each with an expiry time:

- ``login``: a sign-in under way, from the redirect to the provider until it comes back
  (at most :data:`LOGIN_SECONDS`): the PKCE verifier and the nonce, under a keyed hash of the
  ``state`` value. Taken once: a second callback with the same state finds nothing.
- ``session``: a signed-in browser, under a keyed hash of the random value in its cookie;
  holds only the user's key (:func:`user_key`, a keyed hash of issuer and subject). No name,
  e-mail address or token of the provider is stored.

A cookie value that is not in the table, expired, or altered in any way is no session: the
table is the only authority (the cookie carries no claims of its own to tamper with).
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from bot import storage
from bot.storage import WEB_SIGNIN

LOGIN = "login"
SESSION = "session"
LOGIN_SECONDS = 600  # how long a person may take at the provider's sign-in page
TOKEN_BYTES = 32


def user_key(secret: bytes, issuer: str, subject: str) -> str:
    """The pseudonymous, stable key of one account: a keyed hash of issuer and subject."""
    return storage.keyed_hash(secret, f"{issuer}\n{subject}")


class WebSessions:
    """Sign-ins under way and sessions, shared by all processes of one installation."""

    def __init__(
        self,
        url: str | sa.engine.URL,
        hash_secret: bytes,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.engine = storage.engine(url)
        self.secret = hash_secret
        self._clock = clock

    @classmethod
    def from_environment(cls) -> WebSessions:
        return cls(storage.state_url(), storage.state_secret())

    def _key(self, value: str) -> str:
        return storage.keyed_hash(self.secret, value)

    def _now(self) -> int:
        return int(self._clock())

    def save_login(self, state: str, code_verifier: str, nonce: str) -> None:
        """Remember a sign-in under way until the provider sends the browser back."""
        data = json.dumps({"code_verifier": code_verifier, "nonce": nonce})
        with self.engine.begin() as db:
            db.execute(WEB_SIGNIN.delete().where(WEB_SIGNIN.c.expires < self._now()))
            db.execute(
                WEB_SIGNIN.insert().values(
                    key=self._key(state), kind=LOGIN, data=data, expires=self._now() + LOGIN_SECONDS
                )
            )

    def take_login(self, state: str) -> dict[str, Any] | None:
        """The verifier and nonce saved for ``state``, once; None when unknown, taken already
        or expired."""
        where = sa.and_(WEB_SIGNIN.c.key == self._key(state), WEB_SIGNIN.c.kind == LOGIN)
        with self.engine.begin() as db:
            query = sa.select(WEB_SIGNIN.c.data, WEB_SIGNIN.c.expires).where(where)
            row = db.execute(query).first()
            if row is None or db.execute(WEB_SIGNIN.delete().where(where)).rowcount != 1:
                return None
        if row.expires < self._now():
            return None
        data: dict[str, Any] = json.loads(row.data)
        return data

    def open(self, user: str, hours: float) -> str:
        """A new session for the account ``user`` (:func:`user_key`); returns the value for
        the browser's cookie, which is stored only as a keyed hash."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self.engine.begin() as db:
            db.execute(
                WEB_SIGNIN.insert().values(
                    key=self._key(token),
                    kind=SESSION,
                    user_key=user,
                    expires=self._now() + int(hours * 3600),
                )
            )
        return token

    def user(self, token: str | None) -> str | None:
        """The account of a live session whose cookie value is ``token``, else None."""
        if not token or len(token) > 128:
            return None
        with self.engine.connect() as db:
            row = db.execute(
                sa.select(WEB_SIGNIN.c.user_key).where(
                    WEB_SIGNIN.c.key == self._key(token),
                    WEB_SIGNIN.c.kind == SESSION,
                    WEB_SIGNIN.c.expires >= self._now(),
                )
            ).first()
        return None if row is None else str(row.user_key)

    def close(self, token: str | None) -> None:
        """End the session of ``token`` (sign-out), on every replica at once."""
        if not token or len(token) > 128:
            return
        with self.engine.begin() as db:
            db.execute(
                WEB_SIGNIN.delete().where(
                    WEB_SIGNIN.c.key == self._key(token), WEB_SIGNIN.c.kind == SESSION
                )
            )

    def purge(self) -> int:
        """Forget expired sign-ins and sessions; returns how many rows."""
        return purge_expired(self.engine, self._clock())


def purge_expired(engine: sa.engine.Engine, now: float | None = None) -> int:
    """Delete the expired rows of ``web_signin`` (``make purge``); returns how many."""
    cutoff = int(time.time() if now is None else now)
    with engine.begin() as db:
        result = db.execute(WEB_SIGNIN.delete().where(WEB_SIGNIN.c.expires < cutoff))
    return int(result.rowcount or 0)
