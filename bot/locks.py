"""Rasa's Redis lock store, with its ticket changes made atomic.

Rasa keeps one ticket lock per conversation so that its messages are handled one after the
other, whichever replica receives them. Rasa Open Source 3.6's ``RedisLockStore`` changes a
lock with a separate GET and SET: two replicas that receive a message of one conversation at
the same moment can both read "no lock", both write a lock with ticket 0, and both go ahead —
the stored conversation then loses or mixes up events (measured: 3 of 8 simultaneous pairs;
RasaHQ/rasa#9213, and the ``ConcurrentRedisLockStore`` of RasaHQ/rasa#11256, reverted in
#11428). Cleaning up (remove my ticket, delete the lock if nobody waits) has the same gap.
And a waiting ticket expires like a served one: when a replica dies while serving a
conversation, the next message for it, issued within a second of the dead ticket, expires
together with it and then waits forever (measured: a 60 s gateway time-out).

:class:`AtomicRedisLockStore` is the same store, the same keys and the same ``TicketLock``
data, but every read-change-write of a lock runs in a Redis transaction (``WATCH`` / ``MULTI``
/ ``EXEC``, redis-py's ``transaction``), retried by redis-py when another replica changed the
lock in between; and a waiting ticket is kept alive by its waiter, so only the tickets of a
dead replica expire (after ``TICKET_LOCK_LIFETIME`` seconds, Rasa's setting). Waiters look
every :data:`WAIT_SECONDS` instead of every second. Configure it in the endpoints file as
``type: bot.locks.AtomicRedisLockStore`` with Rasa's Redis lock store settings (``url``,
``port``, ``password``, ``db``, ``key_prefix``, ``use_ssl``).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")
_UNCHANGED = object()
WAIT_SECONDS = 0.05


class AtomicRedisLockStore(RedisLockStore):
    """``RedisLockStore`` whose ticket changes cannot interleave across replicas."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        """Rasa builds a custom lock store from its endpoint (``url`` is the host); the
        tests pass ``RedisLockStore``'s own arguments."""
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
            if kwargs.get("port") is not None:
                kwargs["port"] = int(kwargs["port"])
        super().__init__(**kwargs)

    def _change(
        self,
        conversation_id: str,
        change: Callable[[TicketLock | None], tuple[Any, T]],
    ) -> T:
        """Apply ``change`` to the conversation's lock atomically. ``change`` gets the
        current lock (or None) and returns ``(new lock | None to delete | _UNCHANGED,
        result)``; it may run more than once when another replica interferes."""
        key = self.key_prefix + conversation_id
        outcome: list[T] = []

        def transaction(pipe: Any) -> None:
            outcome.clear()
            raw = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(raw)) if raw else None
            new, result = change(lock)
            pipe.multi()
            if new is None:
                pipe.delete(key)
            elif new is not _UNCHANGED:
                pipe.set(key, new.dumps())
            outcome.append(result)

        self.red.transaction(transaction, key)
        return outcome[0]

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """A new ticket for the conversation's lock (created when there is none)."""

        def issue(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except Exception as error:  # as Rasa's own store: any failure is a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        """Remove expired tickets from the conversation's lock, if it exists."""

        def update(lock: TicketLock | None) -> tuple[Any, None]:
            if lock is None:
                return _UNCHANGED, None
            lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, update)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        """Remove ``ticket_number`` from the conversation's lock, if it exists."""

        def finish(lock: TicketLock | None) -> tuple[Any, None]:
            if lock is None:
                return _UNCHANGED, None
            lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, finish)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Remove ``ticket_number``; delete the lock in the same step if nobody waits."""

        def clean(lock: TicketLock | None) -> tuple[Any, None]:
            if lock is None:
                return _UNCHANGED, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._change(conversation_id, clean)

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = WAIT_SECONDS,
    ) -> AsyncIterator[TicketLock]:
        """Rasa's ticket lock for the conversation, waiting :data:`WAIT_SECONDS` between looks."""
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        finally:
            self.cleanup(conversation_id, ticket)

    async def _acquire_lock(
        self, conversation_id: str, ticket: int, wait_time_in_seconds: float
    ) -> TicketLock:
        """Wait until ``ticket`` is served, keeping it alive meanwhile (see the module)."""
        while True:
            lock = self._keep_waiting(conversation_id, ticket)
            if not lock.is_locked(ticket):
                return lock
            await asyncio.sleep(wait_time_in_seconds)

    def _keep_waiting(self, conversation_id: str, ticket: int) -> TicketLock:
        """Atomically: drop expired tickets, and renew ``ticket`` (put it back if it expired
        or the lock vanished, e.g. when Redis restarted)."""

        def renew(lock: TicketLock | None) -> tuple[TicketLock, TicketLock]:
            lock = lock or self.create_lock(conversation_id)
            lock.remove_expired_tickets()
            others = [t for t in lock.tickets if t.number != ticket]
            mine = Ticket(ticket, time.time() + LOCK_LIFETIME)
            lock.tickets = deque(sorted([*others, mine], key=lambda t: t.number))
            return lock, lock

        return self._change(conversation_id, renew)
