"""Run a Rasa command with timers around the stages of a message, for the per-message profile.

    .venv/bin/python -m scripts.measure.stages OUT.json run --model … (as `rasa run …`)
    .venv/bin/python -m scripts.measure.stages OUT.json run actions --actions actions …

Used by ``make bench`` (:mod:`scripts.measure.bench`) only; the servers `make run` starts
have no timers. Before Rasa's command line runs, it wraps (monkeypatching, in this process
only) the functions that make up a message's handling and adds up their wall time:

Rasa server
    ``message``: ``MessageProcessor.handle_message``, the whole turn inside Rasa;
    ``nlu:<component>`` and ``policy:<component>``: each node of Rasa's graph that runs
    (``GraphNode.__call__``: the NLU pipeline once per message, the policies once per
    predicted action); ``tracker_fetch`` and ``tracker_save`` (reading and writing the
    conversation: our redacting SQL store, or Rasa's in-memory one) and, inside the save,
    ``redaction`` (:func:`bot.privacy.tracker_store.redact_event`); ``action_call:<name>``
    (``RemoteAction.run``: the request, the HTTP round trip, the action server's work and
    checking its answer) and, inside it, ``action_request`` (the request's body),
    ``action_http`` (the round trip), ``action_validate`` (Rasa's schema check of the
    answer; :mod:`bot.rasa_speedups` replaces it when the tracker store starts, so it shows
    only where that is not installed) and ``action_responses`` (the answer's messages).
Action server
    ``action:<name>``: ``ActionExecutor.run`` (the tracker built from JSON and the action's
    ``run``); ``render``: rendering knowledge answers (:data:`RENDER_FUNCTIONS` of
    :mod:`bot.render`). What ``action_call`` takes beyond ``action`` is the request's JSON
    both ways, HTTP and the SDK's web server.

Nested stages overlap (``redaction`` is part of ``tracker_save``); the report subtracts.
The sums are written as JSON to OUT (``{"stage": [seconds, calls]}``)
when the process exits, and whenever it gets SIGUSR1 (so a run can be read without stopping
the server).
"""

from __future__ import annotations

import atexit
import functools
import inspect
import json
import signal
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Rendering functions of bot.render timed as one stage (the ones actions call).
RENDER_FUNCTIONS = (
    "render_entry", "render_background", "render_suggestions", "render_topics",
    "render_phase_menu", "render_section",
)  # fmt: skip

_totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])


def _add(stage: str, seconds: float) -> None:
    total = _totals[stage]
    total[0] += seconds
    total[1] += 1


def _timed(fn: Callable[..., Any], stage: str | Callable[..., str]) -> Callable[..., Any]:
    """``fn`` (sync or async) adding its wall time to ``stage`` (a name, or a function of
    the call's arguments that gives one)."""
    name = stage if isinstance(stage, str) else None

    if inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def timed_async(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await fn(*args, **kwargs)
            finally:
                _add(name or stage(*args, **kwargs), time.perf_counter() - started)  # type: ignore[operator]

        return timed_async

    @functools.wraps(fn)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            _add(name or stage(*args, **kwargs), time.perf_counter() - started)  # type: ignore[operator]

    return timed


def _patch(owner: Any, attribute: str, stage: str | Callable[..., str]) -> None:
    setattr(owner, attribute, _timed(getattr(owner, attribute), stage))


def _node_stage(node: Any, *_: Any, **__: Any) -> str:
    """``nlu:SpacyNLP`` / ``policy:RulePolicy`` / ``graph:<node>`` for a graph node."""
    from rasa.core.policies.policy import Policy

    component = node._component_class
    kind = "policy" if issubclass(component, Policy) else "nlu"
    if node._node_name in {"nlu_message_converter", "domain_provider", "select_prediction"}:
        kind = "graph"
    return f"{kind}:{component.__name__}"


def _instrument_rasa() -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor
    from rasa.core.tracker_store import InMemoryTrackerStore
    from rasa.engine.graph import GraphNode
    from rasa.utils.endpoints import EndpointConfig

    from bot.privacy import tracker_store

    _patch(MessageProcessor, "handle_message", "message")
    _patch(GraphNode, "__call__", _node_stage)
    _patch(RemoteAction, "run", lambda self, *a, **k: f"action_call:{self.name()}")
    _patch(RemoteAction, "_action_call_format", "action_request")
    _patch(EndpointConfig, "request", "action_http")
    _patch(RemoteAction, "_validate_action_result", "action_validate")
    RemoteAction._utter_responses = staticmethod(  # type: ignore[method-assign]
        _timed(RemoteAction._utter_responses, "action_responses")
    )
    # Rasa's in-memory store (the `rasa init` bot's), and ours.
    _patch(InMemoryTrackerStore, "save", "tracker_save")
    _patch(InMemoryTrackerStore, "retrieve", "tracker_fetch")
    _patch(tracker_store.RedactingTrackerStore, "save", "tracker_save")
    _patch(tracker_store.RedactingTrackerStore, "_retrieve", "tracker_fetch")
    _patch(tracker_store, "redact_event", "redaction")


def _instrument_sdk() -> None:
    from rasa_sdk.executor import ActionExecutor

    import bot.render

    _patch(ActionExecutor, "run", lambda self, call: f"action:{call.get('next_action')}")
    for name in RENDER_FUNCTIONS:
        if hasattr(bot.render, name):
            _patch(bot.render, name, "render")


def dump(path: Path) -> None:
    """Write the sums so far to ``path``."""
    data = {stage: list(total) for stage, total in _totals.items()}
    path.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")


def main() -> None:
    out = Path(sys.argv[1])
    command = sys.argv[2:]
    if command[:2] == ["run", "actions"]:
        _instrument_sdk()
    else:
        _instrument_rasa()
    atexit.register(dump, out)
    signal.signal(signal.SIGUSR1, lambda *_: dump(out))
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *command]
    rasa_main()


if __name__ == "__main__":
    main()
