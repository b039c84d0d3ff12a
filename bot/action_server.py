"""The action server's operators' view, attached through rasa-sdk's plugin hook
(``rasa_sdk_plugins``) so that ``rasa run actions`` stays the way to start it:

- ``GET /health`` (rasa-sdk's own): liveness;
- ``GET /health/ready``: 200 when the actions are loaded and the state database
  (:mod:`bot.storage`) answers within two seconds, else 503 naming what failed;
- ``GET /metrics``: :mod:`bot.metrics` in Prometheus text format;
- every ``POST /webhook`` is counted per action, with its time and whether it failed (an
  unknown action is counted as ``unknown``; a form's rejected slot is not a failure).
"""

from __future__ import annotations

import json
import re
import time
import zlib

import pluggy
from sanic import Sanic, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import health, metrics, storage

hookimpl = pluggy.HookimplMarker("rasa_sdk")
_ACTION_NAME = re.compile(r"^[a-z][a-z0-9_]{0,79}$")


def action_name(request: Request) -> str:
    """The ``next_action`` of an action call. The body holds the whole tracker: use the
    JSON that Sanic parsed (and cached) for rasa-sdk's handler; only a deflated body, which
    Rasa sends when told to, is read again."""
    try:
        if request.headers.get("Content-Encoding") == "deflate":
            call = json.loads(zlib.decompress(request.body))
        else:
            call = request.json
        name = call.get("next_action")
    except (ValueError, AttributeError, zlib.error, InvalidUsage):
        return "unknown"
    return name if isinstance(name, str) and _ACTION_NAME.match(name) else "unknown"


async def readiness() -> dict[str, str]:
    """What is not ready (empty when ready): the state database, with a short reason."""
    try:
        engine = await health.bounded_call(storage.engine)
    except Exception as error:  # cannot even connect or create the tables
        return {"database": type(error).__name__}
    if reason := await health.database(engine):
        return {"database": reason}
    return {}


@hookimpl
def attach_sanic_app_extensions(app: Sanic) -> None:
    """rasa-sdk's hook: add the endpoints and the counting middleware to ``app``."""

    @app.middleware("request")
    async def start_clock(request: Request) -> None:
        request.ctx.started = time.perf_counter()

    @app.middleware("response")
    async def count(request: Request, reply: HTTPResponse) -> None:
        if request.path != "/webhook" or request.method != "POST":
            return
        seconds = time.perf_counter() - getattr(request.ctx, "started", time.perf_counter())
        status = reply.status
        name = "unknown" if status == 404 else action_name(request)
        metrics.record_action(name, seconds, ok=status < 500 and status != 404)

    async def ready(request: Request) -> HTTPResponse:
        problems = await readiness()
        if problems:
            return response.json({"status": "not ready", "problems": problems}, status=503)
        return response.json({"status": "ready"})

    async def scrape(request: Request) -> HTTPResponse:
        return response.raw(metrics.exposition(), content_type=metrics.CONTENT_TYPE)

    app.add_route(ready, "/health/ready", methods=["GET"])
    app.add_route(scrape, "/metrics", methods=["GET"])
