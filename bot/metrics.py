"""What operators see on ``/metrics`` (Prometheus text format): counts and timings, never
the text of a message, never a user or conversation id.

Rasa replicas (recorded by the channels, :func:`record_turn`):

- ``wegwijzer_messages_total{channel}``: messages handled;
- ``wegwijzer_answer_seconds{channel}``: from receiving a message to having its replies;
- ``wegwijzer_alarms_total{channel,line}``: turns whose first reply is the 112 or 113 line;
- ``wegwijzer_out_of_scope_total{channel}``: turns answered "daar kan ik je niet mee helpen";
- ``wegwijzer_errors_total{channel,kind}``: ``no_reply`` (the action server did not answer:
  the user got "tijdelijk niet beschikbaar … bel 112"), ``exception``, and ``send`` (Teams: a
  reply the Bot Connector still refused after the retries);
- ``wegwijzer_expert_questions_total{step}``: questions to colleagues (issue 20): ``sent``,
  ``not_sent`` (the card could not be posted), the experts' ``claim``, ``answer``, ``close``
  and ``draft``, ``refused`` (a step not allowed), ``delivered`` (an answer reached the asker).

Action servers (recorded per ``/webhook`` call, :func:`record_action`):

- ``wegwijzer_actions_total{action}`` and ``wegwijzer_action_seconds{action}``;
- ``wegwijzer_fallbacks_total``: "bedoel je …?" suggestions (the two-stage fallback);
- ``wegwijzer_action_errors_total{action}``: calls answered with an error status.

Each process has its own registry (one Sanic worker per process; scale with processes, not
workers), so Prometheus scrapes every replica and sums.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

from bot.safety.wording import EMERGENCY_LINE, SUICIDE_LINE

FALLBACK_ACTION = "action_default_ask_affirmation"
OUT_OF_SCOPE_RESPONSE = "utter_out_of_scope"
# Seconds: a turn is typically 0.05 to 0.5 s; above 5 s a user is waiting too long.
LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 2.0, 5.0, 10.0)
CONTENT_TYPE = CONTENT_TYPE_LATEST

MESSAGES = Counter("wegwijzer_messages", "Messages handled", ["channel"])
ANSWER_SECONDS = Histogram(
    "wegwijzer_answer_seconds", "Time to answer a message", ["channel"], buckets=LATENCY_BUCKETS
)
ALARMS = Counter("wegwijzer_alarms", "Turns that start with an emergency line", ["channel", "line"])
OUT_OF_SCOPE = Counter("wegwijzer_out_of_scope", "Turns answered as out of scope", ["channel"])
ERRORS = Counter("wegwijzer_errors", "Turns that failed", ["channel", "kind"])

EXPERT_QUESTIONS = Counter(
    "wegwijzer_expert_questions", "Questions to colleagues, by step", ["step"]
)
ACTIONS = Counter("wegwijzer_actions", "Custom actions run", ["action"])
ACTION_SECONDS = Histogram(
    "wegwijzer_action_seconds", "Time to run a custom action", ["action"], buckets=LATENCY_BUCKETS
)
FALLBACKS = Counter("wegwijzer_fallbacks", "Turns answered with suggestions (two-stage fallback)")
ACTION_ERRORS = Counter("wegwijzer_action_errors", "Custom action calls that failed", ["action"])


def alarm_line(replies: Iterable[Mapping[str, Any]]) -> str | None:
    """``"113"`` or ``"112"`` when the first reply is that emergency line, else None."""
    first = next(iter(replies), None)
    text = str((first or {}).get("text") or "")
    if text.startswith(SUICIDE_LINE):
        return "113"
    if text.startswith(EMERGENCY_LINE):
        return "112"
    return None


def record_turn(
    channel: str,
    seconds: float,
    replies: list[dict[str, Any]],
    responses: Iterable[str] = (),
    *,
    answered: bool,
) -> None:
    """Count one handled message: its time, its ``replies`` as sent and the names of the
    domain ``responses`` among them. ``answered`` is False when Rasa produced no reply."""
    MESSAGES.labels(channel).inc()
    ANSWER_SECONDS.labels(channel).observe(seconds)
    if not answered:
        ERRORS.labels(channel, "no_reply").inc()
    if line := alarm_line(replies):
        ALARMS.labels(channel, line).inc()
    if OUT_OF_SCOPE_RESPONSE in responses:
        OUT_OF_SCOPE.labels(channel).inc()


def record_error(channel: str) -> None:
    """Count a message whose handling raised."""
    MESSAGES.labels(channel).inc()
    ERRORS.labels(channel, "exception").inc()


def record_send_error(channel: str) -> None:
    """Count a reply that could not be delivered to the channel's service."""
    ERRORS.labels(channel, "send").inc()


def record_expert_step(step: str) -> None:
    """Count one step of a question to colleagues (see the module doc)."""
    EXPERT_QUESTIONS.labels(step).inc()


def record_action(action: str, seconds: float, ok: bool) -> None:
    """Count one call of the action server's ``/webhook`` for ``action``."""
    ACTIONS.labels(action).inc()
    ACTION_SECONDS.labels(action).observe(seconds)
    if not ok:
        ACTION_ERRORS.labels(action).inc()
    if action == FALLBACK_ACTION:
        FALLBACKS.inc()


def exposition() -> bytes:
    """This process's metrics in Prometheus text format."""
    return bytes(generate_latest())
