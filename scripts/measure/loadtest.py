"""Load test: many concurrent conversations over REST against the real servers on this machine.

    .venv/bin/python scripts/measure/loadtest.py [--conversations 20] [--messages 50] [--seed 5]
                                         [--report docs/benchmarks.md] [--no-report]
                                         (make loadtest)

Starts the action server and Rasa on free local ports with their state (tracker store,
servers' log) in a temporary directory (:func:`tests.servers.running`, as `make run` starts
them; ``var/`` is never touched), then:

1. **Calibrate.** Every conversation the run will have is first replayed alone, one message
   at a time, under a sender of its own. What each message gets back in its own context sets
   the expectation for it (:class:`Expectation`): a knowledge answer with a given title, an
   acute-danger reply naming 112 or 113, or anything else that is not a knowledge answer.
2. **Load.** ``--conversations`` conversations run concurrently, each sending its
   ``--messages`` messages in order and waiting for each answer. The messages are a realistic,
   seeded mix of the held-out test questions in ``tests/nlu/*.yml`` (greeting first, then
   knowledge questions, small talk, off-topic and acute-danger messages and button payloads
   such as ``/show_entry{"entry":"provocatie-afsluiten"}``, and a goodbye last). Each
   conversation gets its own shuffle, so at any moment the conversations send different
   messages and a reply that went to the wrong one shows.
3. **Check** (any failure → exit status 1, and the report is not written):

   - every request: HTTP 200, a JSON list, at least one reply, no reply with neither text nor
     buttons, no "tijdelijk niet beschikbaar" fallback, and every reply addressed
     (``recipient_id``) to the conversation that asked;
   - every reply answers its own message: the calibrated expectation holds (same knowledge
     entry title and a ``Bron:`` line; 112/113 first for acute danger; no knowledge answer
     where calibration had none);
   - afterwards, each conversation's tracker (``GET /conversations/<sender>/tracker``) holds
     exactly that conversation's messages as user events, in order, each followed by exactly
     the bot messages the HTTP reply carried. The tracker store keeps text redacted
     (:mod:`bot.privacy.tracker_store`), so the expected text is redacted the same way.

4. **Measure** per-message latency (request sent → answer read: p50, p95, p99, max, mean) and
   throughput (messages answered per second of the load phase), and write them with the date,
   the machine (CPU model, cores, RAM, OS, Python, Rasa) and how to reproduce to
   ``docs/benchmarks.md``.

aiohttp (a Rasa dependency, in the venv) is the client; percentiles are nearest-rank.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import aiohttp
import yaml

ROOT = Path(__file__).resolve().parents[2]
# As the Makefile sets them, for a run without make: quiet TensorFlow, no telemetry.
for _name, _value in (
    ("TF_CPP_MIN_LOG_LEVEL", "2"),
    ("SQLALCHEMY_SILENCE_UBER_WARNING", "1"),
    ("RASA_TELEMETRY_ENABLED", "false"),
):
    os.environ.setdefault(_name, _value)

from bot.channels.rest import (  # noqa: E402  (after the environment above)
    UNAVAILABLE,
    clean_text,
    message_for_rasa,
)
from tests.servers import Servers, running  # noqa: E402  (both servers, as `make run`)

HELDOUT = sorted((ROOT / "tests" / "nlu").glob("*.yml"))
MODEL = ROOT / "models" / "wegwijzer.tar.gz"
REPORT = ROOT / "docs" / "benchmarks.md"
REQUEST_TIMEOUT = 120  # seconds for one answer; a slower one counts as an error

# Intents of the held-out files, by the kind of message in the mix.
SMALL_TALK = frozenset({"greet", "goodbye", "thank", "help", "bot_challenge"})
KINDS = {"out_of_scope": "offtopic", "acute_danger": "acute"}
# Buttons the assistant shows under its answers; pressed now and then in the mix.
BUTTONS = (
    '/show_entry{"entry":"provocatie-afsluiten"}',
    '/show_entry{"entry":"provocatie-reageren"}',
    '/show_entry{"entry":"gerucht-ontkrachten"}',
    '/show_entry{"entry":"informatiedeling-jongerenwerker"}',
    '/show_entry{"entry":"deescalatie-tactieken"}',
    '/show_background{"entry":"provocatie-afsluiten"}',
)
# The share of each kind of message in a conversation's middle part.
MIX = {"knowledge": 0.60, "button": 0.12, "smalltalk": 0.12, "offtopic": 0.09, "acute": 0.07}


# --------------------------------------------------------------------------- messages


@dataclass(frozen=True)
class Pool:
    """Messages by kind: greet and goodbye (start and end), and the kinds of :data:`MIX`."""

    greet: tuple[str, ...]
    goodbye: tuple[str, ...]
    by_kind: dict[str, tuple[str, ...]]


def load_pool(paths: Iterable[Path] = HELDOUT) -> Pool:
    """The held-out NLU examples (Rasa YAML, no entity annotations), sorted by kind."""
    by_intent: dict[str, list[str]] = {}
    for path in paths:
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" not in block:
                continue
            lines = str(block.get("examples", "")).splitlines()
            examples = [line.strip()[2:].strip() for line in lines if line.strip().startswith("- ")]
            by_intent.setdefault(block["intent"], []).extend(e for e in examples if e)
    kinds: dict[str, list[str]] = {kind: [] for kind in MIX}
    kinds["button"] = list(BUTTONS)
    for intent, examples in by_intent.items():
        if intent.startswith("knowledge/"):
            kinds["knowledge"] += examples
        elif intent in SMALL_TALK:
            kinds["smalltalk"] += examples
        elif intent in KINDS:
            kinds[KINDS[intent]] += examples
    missing = [kind for kind, messages in kinds.items() if not messages]
    if missing or not by_intent.get("greet") or not by_intent.get("goodbye"):
        raise ValueError(f"the held-out files lack messages of kind(s) {missing or 'greet/bye'}")
    return Pool(
        greet=tuple(by_intent["greet"]),
        goodbye=tuple(by_intent["goodbye"]),
        by_kind={kind: tuple(messages) for kind, messages in kinds.items()},
    )


@dataclass(frozen=True)
class Message:
    text: str
    kind: str  # "greet", "goodbye" or a kind of MIX


@dataclass(frozen=True)
class Conversation:
    sender: str
    messages: tuple[Message, ...]


def build_conversations(
    pool: Pool, conversations: int, messages: int, seed: int, prefix: str = "load"
) -> list[Conversation]:
    """``conversations`` seeded conversations of ``messages`` messages each: a greeting, the
    mix of :data:`MIX`, a goodbye (with fewer than 3 messages: the start of that)."""
    result = []
    kinds, weights = zip(*MIX.items(), strict=True)
    for number in range(conversations):
        rng = random.Random(f"{seed}-{number}")
        middle = [
            Message(rng.choice(pool.by_kind[kind]), kind)
            for kind in rng.choices(kinds, weights, k=max(messages - 2, 0))
        ]
        sequence = [Message(rng.choice(pool.greet), "greet"), *middle]
        sequence.append(Message(rng.choice(pool.goodbye), "goodbye"))
        result.append(Conversation(f"{prefix}-{number:03d}", tuple(sequence[:messages])))
    return result


# --------------------------------------------------------------------------- expectations


def _texts(replies: Sequence[dict[str, Any]]) -> list[str]:
    return [str(reply.get("text") or "") for reply in replies]


def knowledge_title(replies: Sequence[dict[str, Any]]) -> str | None:
    """The first line (the entry's title) of the reply that carries a ``Bron:`` line."""
    for text in _texts(replies):
        lines = text.splitlines()
        if any(line.startswith("Bron:") for line in lines):
            return lines[0]
    return None


@dataclass(frozen=True)
class Expectation:
    """What a reply to a message must look like, learnt from its calibration reply."""

    title: str | None = None  # a knowledge answer with this title line
    emergency: str | None = None  # "112" or "113" in the first reply

    def problems(self, replies: Sequence[dict[str, Any]]) -> list[str]:
        """Why ``replies`` does not answer the message ([] if it does)."""
        title = knowledge_title(replies)
        if self.title is not None and title != self.title:
            return [f"expected the knowledge answer {self.title!r}, got {title!r}"]
        if self.title is None and title is not None:
            return [f"expected no knowledge answer, got {title!r}"]
        first = _texts(replies)[0] if replies else ""
        if self.emergency and self.emergency not in first:
            return [f"expected {self.emergency} in the first reply, got {first[:80]!r}"]
        return []


def expectation_of(message: Message, replies: Sequence[dict[str, Any]]) -> Expectation:
    """The expectation for ``message`` from the replies it got in its conversation replayed
    alone (:func:`calibrate`)."""
    emergency = None
    if message.kind == "acute":
        first = _texts(replies)[0] if replies else ""
        emergency = next((n for n in ("113", "112") if n in first), None)
    return Expectation(title=knowledge_title(replies), emergency=emergency)


# --------------------------------------------------------------------------- running


@dataclass
class Turn:
    message: Message
    replies: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None


def reply_problems(sender: str, replies: Any) -> list[str]:
    """What is wrong with an HTTP answer's JSON regardless of what was asked."""
    if not isinstance(replies, list) or not replies:
        return [f"expected a non-empty JSON list, got {str(replies)[:80]!r}"]
    problems = []
    for reply in replies:
        if not isinstance(reply, dict) or not (reply.get("text") or reply.get("buttons")):
            problems.append(f"an empty reply: {str(reply)[:80]!r}")
        elif reply.get("recipient_id") != sender:
            problems.append(f"a reply for {reply.get('recipient_id')!r}")
        elif reply.get("text") == UNAVAILABLE:
            problems.append("the 'tijdelijk niet beschikbaar' fallback")
    return problems


async def say(
    session: aiohttp.ClientSession,
    url: str,
    sender: str,
    message: Message,
    check: Callable[[str, Any], list[str]] = reply_problems,
) -> Turn:
    """Send one message and wait for its answer; never raises (errors go in ``Turn.error``,
    with what ``check`` finds wrong in the JSON answer)."""
    turn = Turn(message)
    started = time.perf_counter()
    try:
        async with session.post(
            f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message.text}
        ) as response:
            body = await response.text()
            turn.seconds = time.perf_counter() - started
            if response.status != 200:
                turn.error = f"HTTP {response.status}: {body[:120]!r}"
                return turn
        turn.replies = json.loads(body)
        problems = check(sender, turn.replies)
        if problems:
            turn.error = "; ".join(problems)
    except (aiohttp.ClientError, TimeoutError, ValueError) as error:
        turn.seconds = time.perf_counter() - started
        turn.error = f"{type(error).__name__}: {error}"
    return turn


async def converse(
    session: aiohttp.ClientSession,
    url: str,
    conversation: Conversation,
    check: Callable[[str, Any], list[str]] = reply_problems,
) -> list[Turn]:
    """A conversation's messages in order, each after the answer to the one before."""
    return [await say(session, url, conversation.sender, m, check) for m in conversation.messages]


def _session() -> aiohttp.ClientSession:
    # With the web chat's sign-in on, the REST channel opens only for WEGWIJZER_REST_TOKEN.
    token = os.environ.get("WEGWIJZER_REST_TOKEN")
    return aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT),
        connector=aiohttp.TCPConnector(limit=0),  # one connection per conversation
        headers={"Authorization": f"Bearer {token}"} if token else None,
    )


@dataclass(frozen=True)
class Calibration:
    expectations: dict[tuple[str, int], Expectation]  # (sender, message index) → expectation
    latencies: tuple[float, ...]  # seconds per message, one at a time
    errors: tuple[str, ...]  # a message that fails alone fails the run


async def calibrate(url: str, conversations: Iterable[Conversation]) -> Calibration:
    """Each conversation replayed alone, one message at a time and one conversation at a
    time, under a sender of its own: what each of its messages gets in its own context
    (answers depend on what was said before: the asker's role, the topic of a follow-up)
    is the expectation under load. Their latencies are the figures without load."""
    expectations: dict[tuple[str, int], Expectation] = {}
    latencies, errors = [], []
    async with _session() as session:
        for conversation in conversations:
            for index, message in enumerate(conversation.messages):
                turn = await say(session, url, f"calibrate-{conversation.sender}", message)
                if turn.error:
                    errors.append(f"calibration of {message.text[:60]!r}: {turn.error}")
                expectations[conversation.sender, index] = expectation_of(message, turn.replies)
                latencies.append(turn.seconds)
    return Calibration(expectations, tuple(latencies), tuple(errors))


async def load(
    url: str,
    conversations: Sequence[Conversation],
    check: Callable[[str, Any], list[str]] = reply_problems,
) -> tuple[list[list[Turn]], float]:
    """All conversations at once; their turns and the wall-clock seconds it took."""
    async with _session() as session:
        started = time.perf_counter()
        turns = await asyncio.gather(*(converse(session, url, c, check) for c in conversations))
        return list(turns), time.perf_counter() - started


async def fetch_trackers(url: str, token: str, senders: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Each sender's tracker from Rasa's HTTP API (localhost, token-protected)."""
    async with _session() as session:

        async def fetch(sender: str) -> dict[str, Any]:
            address = f"{url}/conversations/{sender}/tracker"
            async with session.get(address, params={"token": token}) as response:
                response.raise_for_status()
                return await response.json()

        senders = list(senders)
        return dict(zip(senders, await asyncio.gather(*map(fetch, senders)), strict=True))


# --------------------------------------------------------------------------- checks


def turn_problems(
    conversation: Conversation,
    turns: Sequence[Turn],
    expectations: dict[tuple[str, int], Expectation],
) -> list[str]:
    """Errors of each request, and replies that do not answer their own message."""
    problems = []
    for number, turn in enumerate(turns):
        where = f"{conversation.sender} message {number + 1} ({turn.message.text[:40]!r})"
        if turn.error:
            problems.append(f"{where}: {turn.error}")
            continue
        expectation = expectations.get((conversation.sender, number), Expectation())
        problems += [f"{where}: {p}" for p in expectation.problems(turn.replies)]
    return problems


def stored_text(text: str) -> str:
    """``text`` as the redacting tracker store keeps it."""
    from bot.privacy.redact import redact  # loads the Dutch spaCy pipeline once

    return redact(text).text


def exchanges(events: Iterable[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """A tracker's events as (user text, the bot texts that followed it) per user message.

    Rasa's two-stage fallback (the "unsure" loop, data/rules/fallback.yml) handles a new
    question typed into it by reverting the user message (a ``rewind`` event, before any bot
    text) and handling the same text again: those two user events are one message. A
    ``rewind`` after bot text (the fallback giving up) reverts nothing that was sent: that
    message stays."""
    result: list[tuple[str, list[str]]] = []
    handled_again: str | None = None  # the text of a message reverted before any reply
    for event in events:
        kind = event.get("event")
        if kind == "user":
            text = str(event.get("text"))
            if text != handled_again:
                result.append((text, []))
            handled_again = None
        elif kind == "bot" and event.get("text") and result:
            result[-1][1].append(str(event["text"]))
        elif kind == "rewind" and result and not result[-1][1]:
            handled_again = result[-1][0]
    return result


def tracker_problems(
    conversation: Conversation, turns: Sequence[Turn], tracker: dict[str, Any]
) -> list[str]:
    """The tracker must hold exactly this conversation's messages as user events, in order,
    each followed by exactly the bot texts its HTTP answer carried (all as stored: redacted)."""
    sender = conversation.sender
    if tracker.get("sender_id") != sender:
        return [f"{sender}: the tracker is that of {tracker.get('sender_id')!r}"]
    stored = exchanges(tracker.get("events", []))
    expected = [
        (
            stored_text(message_for_rasa(clean_text(turn.message.text))),
            [stored_text(t) for t in _texts(turn.replies) if t],
        )
        for turn in turns
    ]
    got_users, want_users = [u for u, _ in stored], [u for u, _ in expected]
    if got_users != want_users:
        for number, (got, want) in enumerate(zip(got_users, want_users, strict=False)):
            if got != want:
                return [f"{sender}: user message {number + 1} is {got!r}, expected {want!r}"]
        return [f"{sender}: {len(got_users)} user messages stored, expected {len(want_users)}"]
    return [
        f"{sender}: after message {number + 1} the tracker holds other bot messages than its "
        f"HTTP answer ({len(got_bot)} stored, {len(want_bot)} answered)"
        for number, ((_, got_bot), (_, want_bot)) in enumerate(zip(stored, expected, strict=True))
        if got_bot != want_bot
    ]


# --------------------------------------------------------------------------- figures


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0–100) of non-empty ``values``."""
    ordered = sorted(values)
    return ordered[max(math.ceil(p / 100 * len(ordered)) - 1, 0)]


@dataclass(frozen=True)
class Figures:
    conversations: int
    messages_per_conversation: int
    messages: int
    seconds: float
    latencies: tuple[float, ...]
    start_seconds: float
    single_latencies: tuple[float, ...]  # one message at a time (the calibration)
    load_before: float = 0.0  # the machine's 1-minute load average before the servers started

    @property
    def throughput(self) -> float:
        return self.messages / self.seconds

    @property
    def calibrated(self) -> int:
        return len(self.single_latencies)

    def latency_ms(self, single: bool = False) -> dict[str, float]:
        values = self.single_latencies if single else self.latencies
        return {
            "p50": percentile(values, 50) * 1000,
            "p95": percentile(values, 95) * 1000,
            "p99": percentile(values, 99) * 1000,
            "max": max(values) * 1000,
            "mean": statistics.fmean(values) * 1000,
        }


def machine() -> dict[str, str]:
    """CPU model, cores, RAM, OS, Python and Rasa of this machine."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    models = [line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
              if line.startswith("model name")]  # fmt: skip
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    kilobytes = next((int(line.split()[1]) for line in meminfo.splitlines()
                      if line.startswith("MemTotal:")), 0)  # fmt: skip
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "CPU": models[0] if models else platform.processor() or "unknown",
        "Cores": f"{usable} usable by this process ({os.cpu_count()} logical CPUs)",
        "RAM": f"{kilobytes / 1024 / 1024:.1f} GiB",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Rasa": metadata.version("rasa"),
        "Rasa SDK": metadata.version("rasa-sdk"),
    }


def render_report(figures: Figures, host: dict[str, str], command: str) -> str:
    """docs/benchmarks.md."""
    ms, alone = figures.latency_ms(), figures.latency_ms(single=True)
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    rows = "\n".join(f"| {key} | {value} |" for key, value in host.items())
    concurrency = figures.conversations
    return f"""# Benchmarks

Written by `scripts/measure/loadtest.py` (`make loadtest`) on {date}.
Do not edit by hand: run it again.

## Load: {figures.conversations} concurrent conversations × \
{figures.messages_per_conversation} messages over REST

| Figure | Value |
|---|---|
| Messages answered | {figures.messages} ({figures.conversations} conversations × \
{figures.messages_per_conversation}), all sent concurrently |
| Errors | 0 (HTTP status, exceptions, empty or fallback answers, wrong or \
out-of-order replies) |
| Wall time | {figures.seconds:.1f} s |
| Throughput | **{figures.throughput:.1f} messages/s** |
| Latency p50 | **{ms["p50"]:.0f} ms** |
| Latency p95 | **{ms["p95"]:.0f} ms** |
| Latency p99 | {ms["p99"]:.0f} ms |
| Latency max | **{ms["max"]:.0f} ms** |
| Latency mean | {ms["mean"]:.0f} ms |
| Start-up of both servers | {figures.start_seconds:.0f} s (not part of the figures above) |
| Machine's load average before the run | {figures.load_before:.2f} (1 minute; \
{os.cpu_count()} logical CPUs) — other work running makes every figure worse |

Without load, for comparison: the same {figures.calibrated} messages sent one at a time (each
conversation replayed alone before the load) took p50 **{alone["p50"]:.0f} ms**, \
p95 {alone["p95"]:.0f} ms, max {alone["max"]:.0f} ms.

Latency is per message, from sending the request to having read the whole answer, while all
{concurrency} conversations are talking at once; each conversation waits for its answer
before it sends the next message. Throughput is messages answered per second of wall time of
the load phase. Percentiles are nearest-rank.

What a message costs: the REST channel's checks, the NLU (spaCy `nl_core_news_sm` and the
linear knowledge classifier), the dialogue policies, one HTTP call to the action server (which
renders the knowledge answer), and writing the turn's events to SQLite through the redacting
tracker store (which runs the Dutch spaCy pipeline and the personal-data detectors over every
text it stores). Rasa serves all conversations from one process and mostly one CPU core, so
under full load a message waits for the others: the mean latency is about the number of
conversations divided by the throughput ({concurrency} / {figures.throughput:.1f} = \
{concurrency / figures.throughput * 1000:.0f} ms; measured {ms["mean"]:.0f} ms).

## Machine

| | |
|---|---|
{rows}

## What was checked

- Every request answered with HTTP 200 and a non-empty JSON list; no exception or timeout
  ({REQUEST_TIMEOUT} s); no empty reply and no "tijdelijk niet beschikbaar" fallback; every
  reply addressed (`recipient_id`) to the conversation that sent the message.
- Every reply answers its own message. Before the load, each conversation was replayed
  alone, one message at a time ({figures.calibrated} messages), so that every message was
  answered in its own context (the asker's role, the topic a follow-up refers to); under
  load the reply must agree with that: the same knowledge entry (title line, with its
  `Bron:` line), 112 or 113 first for acute danger, and no knowledge answer where there was
  none.
- After the load, each conversation's tracker (`GET /conversations/<sender>/tracker`) holds
  exactly that conversation's messages as user events, in the order sent, each followed by
  exactly the bot messages its HTTP answer carried (compared as the redacting tracker store
  keeps them).

The messages are the held-out test questions of `tests/nlu/*.yml` (never used for training):
each conversation greets, then asks a seeded mix of about {MIX["knowledge"]:.0%} knowledge
questions, {MIX["button"]:.0%} button presses (`/show_entry{{"entry":"provocatie-afsluiten"}}`
and others), {MIX["smalltalk"]:.0%} small talk, {MIX["offtopic"]:.0%} off-topic questions
and {MIX["acute"]:.0%} acute-danger messages, and says goodbye.

## How to reproduce

```
make loadtest
# or, with other numbers (the report is written only when every check passes):
{command}
```

It trains the model if needed (`make train`), starts both servers on free local ports with
their tracker store and log in a temporary directory (never `var/`), runs the checks above and
exits non-zero on any error. The machine should be otherwise idle.
"""


# --------------------------------------------------------------------------- main


@dataclass
class Outcome:
    """What :func:`exercise` did: the turns of each conversation, and what went wrong."""

    plan: list[Conversation]
    calibration: Calibration
    turns: list[list[Turn]]
    seconds: float
    errors: list[str]

    def figures(self, start_seconds: float, load_before: float = 0.0) -> Figures:
        return Figures(
            conversations=len(self.plan),
            messages_per_conversation=max((len(c.messages) for c in self.plan), default=0),
            messages=sum(len(t) for t in self.turns),
            seconds=self.seconds,
            latencies=tuple(turn.seconds for ts in self.turns for turn in ts),
            start_seconds=start_seconds,
            single_latencies=self.calibration.latencies,
            load_before=load_before,
        )


def exercise(servers: Servers, plan: list[Conversation], log: Any = print) -> Outcome:
    """Calibrate, run ``plan`` concurrently against ``servers`` and check everything."""
    everything = [m for c in plan for m in c.messages]
    log(f"loadtest: replaying the {len(plan)} conversations alone ({len(everything)} messages)…")
    calibration = asyncio.run(calibrate(servers.url, plan))
    log(f"loadtest: {len(plan)} conversations at once…")
    turns, seconds = asyncio.run(load(servers.url, plan))
    trackers = asyncio.run(fetch_trackers(servers.url, servers.token, [c.sender for c in plan]))
    errors = list(calibration.errors)
    for conversation, conversation_turns in zip(plan, turns, strict=True):
        errors += turn_problems(conversation, conversation_turns, calibration.expectations)
        errors += tracker_problems(conversation, conversation_turns, trackers[conversation.sender])
    return Outcome(plan, calibration, turns, seconds, errors)


def markers(name: str) -> tuple[str, str]:
    """The comments around a section of docs/benchmarks.md that another script writes."""
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


# Sections of docs/benchmarks.md written by scripts/measure/scaleout.py and bench.py, and the
# hand-written account of issue 19 (its before-and-after profile).
KEPT_SECTIONS = ("scaleout", "bench", "issue19")
SCALEOUT_START, SCALEOUT_END = markers("scaleout")


def kept_section(report: Path) -> str:
    """The sections of ``report`` that other scripts write (:data:`KEPT_SECTIONS`), to be
    kept when the load test rewrites the rest; "" if there are none."""
    text = report.read_text(encoding="utf-8") if report.exists() else ""
    kept = ""
    for name in KEPT_SECTIONS:
        start, end = markers(name)
        if start in text and end in text:
            inner = text.split(start, 1)[1].split(end, 1)[0]
            kept += f"\n{start}{inner}{end}\n"
    return kept


def write_section(report: Path, name: str, section: str) -> None:
    """Replace (or append) the section ``name`` of ``report``; ``section`` includes its
    :func:`markers`."""
    start, end = markers(name)
    text = report.read_text(encoding="utf-8") if report.exists() else "# Benchmarks\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + section.strip() + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + section
    report.write_text(text, encoding="utf-8")


def run(
    model: Path,
    conversations: int,
    messages: int,
    seed: int,
    workdir: Path,
    report: Path | None = None,
    log: Any = print,
) -> tuple[Figures, list[str]]:
    """The whole load test against servers started in ``workdir``: its figures and its
    errors ([] if it passed). Writes ``report`` only if it passed."""
    plan = build_conversations(load_pool(), conversations, messages, seed)
    load_before = os.getloadavg()[0]  # other work on the machine slows the servers down
    log(f"loadtest: starting the servers (state in {workdir})…")
    started = time.perf_counter()
    with running(model, workdir) as servers:
        start_seconds = time.perf_counter() - started
        outcome = exercise(servers, plan, log)
    figures = outcome.figures(start_seconds, load_before)
    if report is not None and not outcome.errors:
        command = (
            f".venv/bin/python scripts/measure/loadtest.py --conversations {conversations} "
            f"--messages {messages} --seed {seed}"
        )
        text = render_report(figures, machine(), command) + kept_section(report)
        report.write_text(text, encoding="utf-8")
    return figures, outcome.errors


def failed(script: str, errors: Sequence[str], shown: int = 30) -> int:
    """Print that ``script`` failed and its first ``shown`` errors; the exit status (1)."""
    print(f"{script}: FAILED, {len(errors)} error(s):", file=sys.stderr)
    for error in errors[:shown]:
        print(f"  {error}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    warnings.filterwarnings("ignore", category=DeprecationWarning)  # TensorFlow's, spaCy's
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--messages", type=int, default=50, help="per conversation")
    parser.add_argument("--seed", type=int, default=5, help="for the choice of messages")
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--report", type=Path, default=REPORT)
    parser.add_argument("--no-report", action="store_true", help="write no report")
    parser.add_argument(
        "--url",
        help="run against servers that are already running there (e.g. make cluster's "
        "http://localhost:8005, with RASA_API_TOKEN set from var/cluster/env); no report",
    )
    args = parser.parse_args(argv)
    if args.conversations < 1 or args.messages < 1:
        parser.error("--conversations and --messages must be at least 1")
    if not args.model.exists():
        print(f"loadtest: no trained model at {args.model}: run `make train`", file=sys.stderr)
        return 2
    if args.url:
        token = os.environ.get("RASA_API_TOKEN", "")
        if not token:
            parser.error("--url needs RASA_API_TOKEN (set -a; . var/cluster/env; set +a)")
        # Servers that keep running keep earlier runs' conversations: new senders each run.
        prefix = f"load-{datetime.now(UTC):%Y%m%d%H%M%S}"
        plan = build_conversations(
            load_pool(), args.conversations, args.messages, args.seed, prefix=prefix
        )
        running_servers = Servers(args.url.rstrip("/"), Path("."), None, token)
        outcome = exercise(running_servers, plan)
        figures, errors = outcome.figures(0.0, os.getloadavg()[0]), outcome.errors
        args.no_report = True
    else:
        with tempfile.TemporaryDirectory(prefix="wegwijzer-loadtest-") as workdir:
            figures, errors = run(
                args.model, args.conversations, args.messages, args.seed, Path(workdir),
                None if args.no_report else args.report,
            )  # fmt: skip
    ms = figures.latency_ms()
    print(
        f"loadtest: {figures.messages} messages in {figures.seconds:.1f} s = "
        f"{figures.throughput:.1f} messages/s; latency p50 {ms['p50']:.0f} ms, "
        f"p95 {ms['p95']:.0f} ms, max {ms['max']:.0f} ms"
    )
    if errors:
        return failed("loadtest", errors, 50)
    if not args.no_report:
        print(f"loadtest: passed; figures written to {args.report}")
    else:
        print("loadtest: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
