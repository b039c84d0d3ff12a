"""The lock store on a real Redis (issue 16): tickets issued at the same moment by several
replicas are all different with :class:`bot.locks.AtomicRedisLockStore`, and not always with
Rasa 3.6's own ``RedisLockStore`` (which is why it is replaced)."""

from __future__ import annotations

import asyncio
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.core.lock_store import RedisLockStore

from bot.locks import AtomicRedisLockStore
from scripts.operate.services import Redis, free_port

pytestmark = pytest.mark.services

REPLICAS = 12


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    server = Redis(Path(tempfile.mkdtemp(prefix="wegwijzer-redis-")), free_port())
    server.start()
    try:
        yield server.port
    finally:
        server.stop()


def tickets_at_once(kind: type[RedisLockStore], port: int, conversation: str) -> list[int]:
    """One store per "replica", all issuing a ticket for ``conversation`` at once."""
    stores = [kind(host="127.0.0.1", port=port, key_prefix="test") for _ in range(REPLICAS)]
    barrier = threading.Barrier(REPLICAS)
    tickets: list[int] = []

    def issue(store: RedisLockStore) -> None:
        barrier.wait()
        tickets.append(store.issue_ticket(conversation))

    threads = [threading.Thread(target=issue, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tickets


def test_simultaneous_tickets_are_all_different(redis_port: int) -> None:
    for attempt in range(10):
        tickets = tickets_at_once(AtomicRedisLockStore, redis_port, f"atomic-{attempt}")
        assert sorted(tickets) == list(range(REPLICAS))


def test_rasas_own_redis_lock_store_hands_out_the_same_ticket_twice(redis_port: int) -> None:
    doubled = 0
    for attempt in range(10):
        tickets = tickets_at_once(RedisLockStore, redis_port, f"rasa-{attempt}")
        doubled += len(tickets) - len(set(tickets))
    assert doubled > 0


def test_the_lock_serves_one_at_a_time_and_is_removed_afterwards(redis_port: int) -> None:
    first, second = (
        AtomicRedisLockStore(host="127.0.0.1", port=redis_port, key_prefix="test") for _ in range(2)
    )
    order: list[str] = []

    async def handle(store: AtomicRedisLockStore, name: str) -> None:
        async with store.lock("gesprek", wait_time_in_seconds=0.05):
            order.append(f"{name} in")
            await asyncio.sleep(0.2)
            order.append(f"{name} out")

    async def both() -> None:
        await asyncio.gather(handle(first, "a"), handle(second, "b"))

    asyncio.run(both())
    assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])
    assert first.get_lock("gesprek") is None


def test_after_a_replica_died_holding_the_lock_the_next_message_waits_only_its_lifetime(
    redis_port: int,
) -> None:
    """The dead replica's ticket expires; the waiting one, issued at the same moment with
    the same lifetime, is kept alive by its waiter and is served (Rasa's own waits forever)."""
    dead, alive = (
        AtomicRedisLockStore(host="127.0.0.1", port=redis_port, key_prefix="test") for _ in range(2)
    )
    dead.issue_ticket("verweesd", lock_lifetime=1.0)  # then the replica dies

    async def next_message() -> float:
        started = time.monotonic()
        async with alive.lock("verweesd", lock_lifetime=1.0):
            return time.monotonic() - started

    waited = asyncio.run(asyncio.wait_for(next_message(), 10))
    assert 0.9 <= waited < 3
    assert alive.get_lock("verweesd") is None


def test_the_lock_store_reconnects_after_redis_restarts() -> None:
    """Connections kept from before a Redis restart are stale: the first use of each must
    not cost a user's message."""
    server = Redis(Path(tempfile.mkdtemp(prefix="wegwijzer-redis-")), free_port())
    server.start()
    try:
        store = AtomicRedisLockStore(host="127.0.0.1", port=server.port, key_prefix="test")
        store.cleanup("voor", store.issue_ticket("voor"))
        server.stop()
        server.start()
        ticket = store.issue_ticket("na")
        assert ticket == 0
        store.cleanup("na", ticket)
    finally:
        server.stop()
