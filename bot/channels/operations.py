"""Operators' endpoints on every Rasa replica, registered like a channel (credentials.yml):

- ``GET /health/live``: 200 while the process serves HTTP (liveness: restart when it fails);
- ``GET /health/ready``: 200 only when the model is loaded and the tracker store's database
  and the lock store's Redis (if configured) answer within two seconds, else 503 with the
  part that failed (readiness: the load balancer sends no messages to it meanwhile);
- ``GET /metrics``: :mod:`bot.metrics` in Prometheus text format.

None of them needs Rasa's API token and none reveals a conversation; put them behind the
load balancer's internal side only (deploy/, docs/beheer.md).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import health, metrics


async def readiness(agent: Any) -> dict[str, str]:
    """What is not ready in this replica (empty when ready): ``model``, ``database``,
    ``redis`` mapped to a short reason."""
    if agent is None or not agent.is_ready():
        return {"model": "not loaded"}
    problems: dict[str, str] = {}
    engine = health.tracker_store_engine(agent.tracker_store)
    if engine is not None and (reason := await health.database(engine)):
        problems["database"] = reason
    client = health.lock_store_redis(agent.lock_store)
    if client is not None and (reason := await health.redis(client)):
        problems["redis"] = reason
    return problems


class OperationsInput(InputChannel):
    """Not a chat channel: it only adds the three endpoints above at the server's root."""

    @classmethod
    def name(cls) -> str:
        return "operations"

    def url_prefix(self) -> str:
        # Rasa joins this onto "/webhooks/"; an absolute "/" puts the routes at the root.
        return "/"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        operations = Blueprint("wegwijzer_operations", __name__)

        @operations.route("/health/live", methods=["GET"])
        async def live(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @operations.route("/health/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            problems = await readiness(getattr(request.app.ctx, "agent", None))
            if problems:
                return response.json({"status": "not ready", "problems": problems}, status=503)
            return response.json({"status": "ready"})

        @operations.route("/metrics", methods=["GET"])
        async def scrape(request: Request) -> HTTPResponse:
            return response.raw(metrics.exposition(), content_type=metrics.CONTENT_TYPE)

        return operations
