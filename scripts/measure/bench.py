"""Wegwijzer beside the example bot of `rasa init`: latency, throughput, memory, start-up and
where a message's time goes, measured in one run on this machine.

    .venv/bin/python scripts/measure/bench.py [--rounds 2] [--no-report]   (make bench)

1. **The reference.** ``rasa init --no-prompt`` (same Rasa, same venv) builds and trains the
   example bot in a folder under the system's temporary directory, once; later runs reuse it
   (:func:`reference_bot`). It runs as created: REST channel, in-memory tracker store, no
   action server (its custom action is commented out).
2. **Both servers** start one after the other (Wegwijzer as `make run` starts it, with a
   temporary SQLite tracker store: :func:`tests.servers.running`), each timed from the start
   of its processes to its first answer.
3. **Latency, one message at a time**, A/B alternating: Wegwijzer's message, then the
   reference's, and so on (so both see the same machine at the same moment). Wegwijzer gets
   `make loadtest`'s conversations (held-out questions, buttons, small talk, off-topic,
   acute danger), the reference its own training examples, in conversations of the same
   length.
4. **Throughput, 20 conversations at once** (`make loadtest`'s load phase), Wegwijzer, then
   the reference, then the reference, then Wegwijzer (ABBA, so a drift of the machine weighs
   on both alike).
5. Steps 3–4 are one **round**; ``--rounds`` (default 2) rounds with new conversations each.
   The ratios are Wegwijzer's figure over the reference's over all rounds (latencies pooled;
   throughput as the mean of the runs).
6. **Resident memory** of each process after the rounds (VmRSS).
7. **Per-message profile**: Wegwijzer (and the reference) started again under
   :mod:`scripts.measure.stages`, which times each stage of a message inside the servers;
   the same one-at-a-time conversations, and the sums per message.

Every answer must be HTTP 200 with a JSON list; Wegwijzer's must also pass `make loadtest`'s
checks of a single answer (non-empty, addressed to its sender, no "tijdelijk niet
beschikbaar"). Any failure → exit status 1 and no report. The figures go to the
``bench`` section of docs/benchmarks.md (the rest of the file is kept).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import requests
import yaml

from scripts.measure import loadtest
from scripts.measure.loadtest import Conversation, Message, percentile
from scripts.operate.services import free_port
from tests.servers import PYTHON, RASA, ROOT, Servers, running

REPORT = ROOT / "docs" / "benchmarks.md"
START_TIMEOUT = 300
TARGETS = {"p50": 1.3, "p95": 1.5, "throughput": 0.8}  # issue 19: ratio limits


def reference_dir() -> Path:
    """Where the `rasa init` bot is built and kept, per Rasa version."""
    cache = Path(os.environ.get("WEGWIJZER_BENCH_CACHE", tempfile.gettempdir()))
    return cache / f"wegwijzer-bench-rasa-init-{metadata.version('rasa')}"


def reference_bot(log: Any = print) -> Path:
    """The trained model of the `rasa init` example bot, built and trained on first use."""
    folder = reference_dir()
    models = sorted((folder / "models").glob("*.tar.gz")) if folder.exists() else []
    if models:
        return models[-1]
    log(f"bench: building the `rasa init` example bot in {folder} (once; trains ~2 min)…")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [str(RASA), "init", "--no-prompt", "--init-dir", str(folder)],
        cwd=folder, env=_env(), check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    models = sorted((folder / "models").glob("*.tar.gz"))
    if not models:
        raise RuntimeError(f"`rasa init` trained no model in {folder}")
    return models[-1]


def _env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "RASA_TELEMETRY_ENABLED": "false",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        **extra,
    }


# --------------------------------------------------------------------------- servers


@dataclass
class Reference:
    """The `rasa init` bot running on 127.0.0.1:``port``."""

    process: subprocess.Popen[bytes]
    url: str


def start_reference(model: Path, log_file: Path, stages: Path | None = None) -> Reference:
    """Start the reference bot (under the stage timers when ``stages`` is a folder) and wait
    until it answers."""
    port = free_port()
    command = [str(RASA)]
    env = _env()
    if stages is not None:
        command = [str(PYTHON), "-m", "scripts.measure.stages", str(stages / "reference.json")]
        env["PYTHONPATH"] = str(ROOT)
    with log_file.open("a") as out:
        process = subprocess.Popen(
            [*command, "run", "--model", str(model), "--interface", "127.0.0.1",
             "--port", str(port), "--credentials", str(model.parents[1] / "credentials.yml")],
            cwd=model.parents[1], env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    reference = Reference(process, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the reference bot exited; log: {log_file}")
        try:
            if requests.get(f"{reference.url}/", timeout=2).ok:
                return reference
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the reference bot did not start in {START_TIMEOUT} s; log: {log_file}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)  # Sanic stops cleanly on SIGINT; atexit runs
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def first_answer(url: str, text: str, timeout: float = START_TIMEOUT) -> None:
    """Wait until ``url`` answers ``text`` over REST."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            response = requests.post(
                f"{url}/webhooks/rest/webhook",
                json={"sender": "bench-start", "message": text},
                timeout=60,
            )
            if response.ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} gave no answer within {timeout:g} s")


def rss_mib(pid: int) -> float:
    """Resident memory of process ``pid`` (VmRSS), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --------------------------------------------------------------------------- messages


def reference_pool(folder: Path) -> loadtest.Pool:
    """The reference bot's own training examples, by kind (greet, goodbye, the rest)."""
    data = yaml.safe_load((folder / "data" / "nlu.yml").read_text(encoding="utf-8"))
    by_intent = {
        block["intent"]: [line[2:].strip() for line in block["examples"].splitlines() if line]
        for block in data["nlu"]
    }
    rest = [text for intent, texts in by_intent.items() if intent not in {"greet", "goodbye"}
            for text in texts]  # fmt: skip
    return loadtest.Pool(
        tuple(by_intent["greet"]), tuple(by_intent["goodbye"]), {"other": tuple(rest)}
    )


def reference_conversations(
    pool: loadtest.Pool, conversations: int, messages: int, seed: int, prefix: str
) -> list[Conversation]:
    """Conversations of the reference bot, of the same shape as Wegwijzer's."""
    result = []
    for number in range(conversations):
        rng = random.Random(f"{seed}-{number}")
        middle = [Message(rng.choice(pool.by_kind["other"]), "other") for _ in range(messages - 2)]
        sequence = [Message(rng.choice(pool.greet), "greet"), *middle,
                    Message(rng.choice(pool.goodbye), "goodbye")]  # fmt: skip
        result.append(Conversation(f"{prefix}-{number:03d}", tuple(sequence[:messages])))
    return result


def any_list(sender: str, replies: Any) -> list[str]:
    """The reference's answers: a JSON list (its policies may choose to say nothing)."""
    return [] if isinstance(replies, list) else [f"expected a JSON list, got {replies!r:.80}"]


# --------------------------------------------------------------------------- measuring


@dataclass
class Side:
    """What was measured of one bot."""

    name: str
    latencies: list[float] = field(default_factory=list)  # seconds, one at a time
    throughputs: list[float] = field(default_factory=list)  # messages/s, one per run
    start_seconds: float = 0.0
    memory_mib: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def ms(self, p: float) -> float:
        return percentile(self.latencies, p) * 1000

    @property
    def throughput(self) -> float:
        return statistics.fmean(self.throughputs)


async def alternate(
    a_url: str,
    a_plan: Sequence[Conversation],
    b_url: str,
    b_plan: Sequence[Conversation],
    a: Side,
    b: Side,
) -> None:
    """One message to A, then one to B, until both plans are done; latencies per side."""
    async with loadtest._session() as session:
        for a_conv, b_conv in zip(a_plan, b_plan, strict=True):
            for a_msg, b_msg in zip(a_conv.messages, b_conv.messages, strict=True):
                for url, conv, msg, side, check in (
                    (a_url, a_conv, a_msg, a, loadtest.reply_problems),
                    (b_url, b_conv, b_msg, b, any_list),
                ):
                    turn = await loadtest.say(session, url, conv.sender, msg, check)
                    side.latencies.append(turn.seconds)
                    if turn.error:
                        side.errors.append(f"{side.name}: {msg.text[:50]!r}: {turn.error}")


def throughput(url: str, plan: Sequence[Conversation], side: Side, check: Any) -> None:
    """``plan`` all at once against ``url``: messages per second into ``side``."""
    turns, seconds = asyncio.run(loadtest.load(url, plan, check))
    side.throughputs.append(sum(len(t) for t in turns) / seconds)
    side.errors += [f"{side.name} under load: {t.error}" for ts in turns for t in ts if t.error]


@dataclass(frozen=True)
class Plan:
    """Message counts of a run."""

    rounds: int
    latency_conversations: int
    load_conversations: int
    messages: int  # per conversation


def measure(plan: Plan, workdir: Path, model: Path, log: Any = print) -> tuple[Side, Side]:
    """Start both bots and measure them (steps 2–6 of the module's description)."""
    ours, ref = Side("Wegwijzer"), Side("rasa init")
    reference_model = reference_bot(log)
    w_pool, r_pool = loadtest.load_pool(), reference_pool(reference_model.parents[1])
    started = time.perf_counter()
    reference = start_reference(reference_model, workdir / "reference.log")
    first_answer(reference.url, "hello")
    ref.start_seconds = time.perf_counter() - started
    try:
        started = time.perf_counter()
        with running(model, workdir) as servers:
            first_answer(servers.url, "hoi")
            ours.start_seconds = time.perf_counter() - started
            warm_up(servers.url, reference.url, w_pool, r_pool)
            for number in range(1, plan.rounds + 1):
                log(f"bench: round {number}: latency, one message at a time, A/B alternating…")
                n, m = plan.latency_conversations, plan.messages
                asyncio.run(alternate(
                    servers.url, loadtest.build_conversations(w_pool, n, m, number, f"lat{number}"),
                    reference.url, reference_conversations(r_pool, n, m, number, f"lat{number}"),
                    ours, ref,
                ))  # fmt: skip
                n = plan.load_conversations
                w_load = loadtest.build_conversations(w_pool, n, m, 100 + number, f"load{number}")
                r_load = reference_conversations(r_pool, n, m, 100 + number, f"load{number}")
                log(f"bench: round {number}: throughput, {n} conversations at once (ABBA)…")
                throughput(servers.url, w_load, ours, loadtest.reply_problems)
                throughput(reference.url, r_load, ref, any_list)
                throughput(reference.url, [_renamed(c, "b") for c in r_load], ref, any_list)
                throughput(servers.url, [_renamed(c, "b") for c in w_load], ours,
                           loadtest.reply_problems)  # fmt: skip
            ours.memory_mib = _memory(servers)
            ref.memory_mib = {"Rasa": rss_mib(reference.process.pid)}
    finally:
        stop(reference.process)
    return ours, ref


def _renamed(conversation: Conversation, suffix: str) -> Conversation:
    return Conversation(f"{conversation.sender}{suffix}", conversation.messages)


def _memory(servers: Servers) -> dict[str, float]:
    memory = {}
    if servers.rasa_pid:
        memory["Rasa"] = rss_mib(servers.rasa_pid)
    if servers.actions is not None and servers.actions.process is not None:
        memory["action server"] = rss_mib(servers.actions.process.pid)
    return memory


def warm_up(ours: str, reference: str, w_pool: loadtest.Pool, r_pool: loadtest.Pool) -> None:
    """A short conversation on each side first, not counted (lazy loading, first calls)."""
    asyncio.run(alternate(
        ours, loadtest.build_conversations(w_pool, 2, 10, 0, "warm"),
        reference, reference_conversations(r_pool, 2, 10, 0, "warm"),
        Side("warm-up"), Side("warm-up"),
    ))  # fmt: skip


# --------------------------------------------------------------------------- profile


@dataclass(frozen=True)
class Profile:
    """Stage sums (seconds, calls) inside the servers, and the client's view."""

    messages: int
    client_seconds: float  # sum of the client's latencies
    stages: dict[str, tuple[float, int]]

    def per_message_ms(self, stage: str) -> float:
        return self.stages.get(stage, (0.0, 0))[0] / self.messages * 1000


def profile(plan: Plan, workdir: Path, model: Path, log: Any = print) -> tuple[Profile, Profile]:
    """Wegwijzer and the reference under the stage timers, one message at a time."""
    stages = workdir / "stages"
    stages.mkdir(exist_ok=True)
    reference_model = reference_bot(log)
    w_pool, r_pool = loadtest.load_pool(), reference_pool(reference_model.parents[1])
    n, m = plan.latency_conversations, plan.messages
    ours, ref = Side("Wegwijzer"), Side("rasa init")
    log("bench: per-message profile (servers under the stage timers)…")
    reference = start_reference(reference_model, workdir / "reference-profile.log", stages)
    try:
        with running(model, workdir, stages=stages) as servers:
            first_answer(servers.url, "hoi")
            first_answer(reference.url, "hello")
            warm_up(servers.url, reference.url, w_pool, r_pool)
            _reset(servers, reference)
            asyncio.run(alternate(
                servers.url, loadtest.build_conversations(w_pool, n, m, 50, "prof"),
                reference.url, reference_conversations(r_pool, n, m, 50, "prof"), ours, ref,
            ))  # fmt: skip
            _signal_dump(servers, reference)
    finally:
        stop(reference.process)
    errors = ours.errors + ref.errors
    if errors:
        raise RuntimeError(f"profile run failed: {errors[:5]}")
    rasa, actions = _read(stages / "rasa.json"), _read(stages / "actions.json")
    offset_rasa, offset_actions = (
        _read(stages / "rasa.before.json"),
        _read(stages / "actions.before.json"),
    )
    merged = {**_minus(rasa, offset_rasa), **_minus(actions, offset_actions)}
    ref_stages = _minus(_read(stages / "reference.json"), _read(stages / "reference.before.json"))
    return (
        Profile(len(ours.latencies), sum(ours.latencies), merged),
        Profile(len(ref.latencies), sum(ref.latencies), ref_stages),
    )


def _pids(servers: Servers, reference: Reference) -> dict[str, int]:
    pids = {"reference": reference.process.pid}
    if servers.rasa_pid:
        pids["rasa"] = servers.rasa_pid
    if servers.actions is not None and servers.actions.process is not None:
        pids["actions"] = servers.actions.process.pid
    return pids


def _signal_dump(servers: Servers, reference: Reference) -> None:
    """Ask every timed process to write its sums now, and wait until they have."""
    folder = servers.workdir / "stages"
    for name, pid in _pids(servers, reference).items():
        path = folder / f"{name}.json"
        path.unlink(missing_ok=True)
        os.kill(pid, signal.SIGUSR1)
        deadline = time.monotonic() + 10
        while not path.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.1)


def _reset(servers: Servers, reference: Reference) -> None:
    """The sums after the warm-up, to subtract: written as ``<name>.before.json``."""
    folder = servers.workdir / "stages"
    _signal_dump(servers, reference)
    for name in _pids(servers, reference):
        (folder / f"{name}.json").rename(folder / f"{name}.before.json")


def _read(path: Path) -> dict[str, tuple[float, int]]:
    if not path.exists():
        return {}
    return {k: (float(v[0]), int(v[1])) for k, v in json.loads(path.read_text()).items()}


def _minus(
    after: dict[str, tuple[float, int]], before: dict[str, tuple[float, int]]
) -> dict[str, tuple[float, int]]:
    return {
        k: (v[0] - before.get(k, (0.0, 0))[0], v[1] - before.get(k, (0.0, 0))[1])
        for k, v in after.items()
    }


# --------------------------------------------------------------------------- report


def ratios(ours: Side, ref: Side) -> dict[str, float]:
    return {
        "p50": ours.ms(50) / ref.ms(50),
        "p95": ours.ms(95) / ref.ms(95),
        "throughput": ours.throughput / ref.throughput,
    }


def met(name: str, ratio: float) -> bool:
    limit = TARGETS[name]
    return ratio >= limit if name == "throughput" else ratio <= limit


def profile_rows(p: Profile) -> list[tuple[str, float, float]]:
    """(stage, ms per message, calls per message), nested stages split out, largest first."""
    ms = p.per_message_ms
    stages = p.stages
    rows: list[tuple[str, float, float]] = []

    def calls(stage: str) -> float:
        return stages.get(stage, (0.0, 0))[1] / p.messages

    nlu = sorted(s for s in stages if s.startswith("nlu:"))
    policies = sorted(s for s in stages if s.startswith("policy:") or s.startswith("graph:"))
    action_calls = sorted(s for s in stages if s.startswith("action_call:"))
    actions = sorted(s for s in stages if s.startswith("action:"))
    for stage in nlu + policies:
        rows.append((stage, ms(stage), calls(stage)))
    if "tracker_fetch" in stages:
        rows.append(("tracker store: read", ms("tracker_fetch"), calls("tracker_fetch")))
    if "tracker_save" in stages:
        redaction = ms("redaction")
        rows.append(("tracker store: redaction", redaction, calls("tracker_save")))
        rows.append(("tracker store: write", ms("tracker_save") - redaction, calls("tracker_save")))
    in_actions = sum(ms(s) for s in actions)
    render = ms("render")
    if action_calls:
        total_calls = sum(ms(s) for s in action_calls)
        n_calls = sum(calls(s) for s in action_calls)
        request, http, validate = ms("action_request"), ms("action_http"), ms("action_validate")
        rows += [
            ("action call: request body (tracker's events, domain)", request, n_calls),
            ("action call: HTTP, JSON both ways, the SDK's web server", http - in_actions, n_calls),
            ("action call: Rasa's schema check of the answer", validate, n_calls),
            ("action call: the rest (answer's messages and events)",
             total_calls - request - http - validate, n_calls),
            ("action server: our actions (without rendering)", in_actions - render, n_calls),
            ("action server: rendering", render, calls("render")),
        ]  # fmt: skip
    inside = ms("message")
    accounted = sum(r[1] for r in rows)
    rows.append(("rest of Rasa's turn (processor, events, lock)", inside - accounted, 1.0))
    rows.append(("REST channel and HTTP (client latency − Rasa's turn)",
                 p.client_seconds / p.messages * 1000 - inside, 1.0))  # fmt: skip
    return rows


def _profile_table(ours: Profile, ref: Profile) -> str:
    lines = ["| Stage | ms per message | calls per message |", "|---|---:|---:|"]
    for label, profile_ in (("Wegwijzer", ours), ("`rasa init` bot", ref)):
        total = profile_.client_seconds / profile_.messages * 1000
        lines.append(f"| **{label}** ({profile_.messages} messages) | **{total:.1f}** | |")
        for stage, value, count in profile_rows(profile_):
            lines.append(f"| {stage} | {value:.1f} | {count:.1f} |")
    return "\n".join(lines)


def render(ours: Side, ref: Side, p_ours: Profile, p_ref: Profile, plan: Plan) -> str:
    start, end = loadtest.markers("bench")
    r = ratios(ours, ref)
    host = loadtest.machine()
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")

    def verdict(name: str) -> str:
        limit = TARGETS[name]
        sign = "≥" if name == "throughput" else "≤"
        return f"{'met' if met(name, r[name]) else '**not met**'} ({sign} {limit}×)"

    rows = [
        f"| latency p50, one at a time | {ours.ms(50):.1f} ms | {ref.ms(50):.1f} ms | "
        f"**{r['p50']:.2f}×** | {verdict('p50')} |",
        f"| latency p95, one at a time | {ours.ms(95):.1f} ms | {ref.ms(95):.1f} ms | "
        f"**{r['p95']:.2f}×** | {verdict('p95')} |",
        f"| throughput, {plan.load_conversations} conversations at once | "
        f"{ours.throughput:.1f} msg/s | {ref.throughput:.1f} msg/s | "
        f"**{r['throughput']:.2f}×** | {verdict('throughput')} |",
    ]
    runs = " · ".join(f"{t:.1f}" for t in ours.throughputs)
    ref_runs = " · ".join(f"{t:.1f}" for t in ref.throughputs)
    memory = " · ".join(f"{k} {v:.0f} MiB" for k, v in ours.memory_mib.items())
    ref_memory = " · ".join(f"{k} {v:.0f} MiB" for k, v in ref.memory_mib.items())
    latency_count = len(ours.latencies)
    return f"""{start}
## Beside the `rasa init` example bot (issue 19)

Written by `scripts/measure/bench.py` (`make bench`) on {when}, on {host["CPU"]}
({os.cpu_count()} logical CPUs), Rasa {host["Rasa"]}, Python {host["Python"]}. Both bots in
the same venv over the REST channel; the reference is the bot `rasa init --no-prompt` creates
and trains (DIET, TED, in-memory tracker store, no action server), Wegwijzer as `make run`
starts it (its pipeline, the action server, the redacting SQLite tracker store).
{plan.rounds} rounds; each: {latency_count // plan.rounds} messages per bot one at a time,
alternating A/B, then {plan.load_conversations} conversations × {plan.messages} messages at
once per run, in the order Wegwijzer, reference, reference, Wegwijzer. Every answer checked
(0 errors).

| figure | Wegwijzer | `rasa init` bot | ratio | target |
|---|---:|---:|---:|---|
{chr(10).join(rows)}

Raw figures. Latency ({latency_count} messages per bot, pooled over the rounds): Wegwijzer
p50 {ours.ms(50):.1f} / p95 {ours.ms(95):.1f} / max {max(ours.latencies) * 1000:.0f} ms;
reference p50 {ref.ms(50):.1f} / p95 {ref.ms(95):.1f} / max {max(ref.latencies) * 1000:.0f} ms.
Throughput per run (msg/s): Wegwijzer {runs}; reference {ref_runs}.
Resident memory after the rounds: Wegwijzer {memory}; reference {ref_memory}.
Start-up, from starting the processes to the first answer: Wegwijzer
{ours.start_seconds:.0f} s, reference {ref.start_seconds:.0f} s.

### Where a message's time goes

Both bots started again under `scripts/measure/stages.py`, which adds up the wall time of
each stage inside the servers (`make bench` only; `make run` has no timers), over
{p_ours.messages} messages per bot sent one at a time. "Calls per message": the policies run
once per action predicted, the action server once per custom action. The stage timers add a
little to each figure.

{_profile_table(p_ours, p_ref)}
{end}
"""


def main(argv: list[str] | None = None) -> int:
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--latency-conversations", type=int, default=8)
    parser.add_argument("--load-conversations", type=int, default=20)
    parser.add_argument("--messages", type=int, default=25, help="per conversation")
    parser.add_argument("--model", type=Path, default=loadtest.MODEL, help="Wegwijzer's")
    parser.add_argument("--report", type=Path, default=REPORT)
    parser.add_argument("--no-report", action="store_true")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--profile-only", action="store_true", help="no A/B rounds, no report")
    args = parser.parse_args(argv)
    if not args.model.exists():
        print(f"bench: no trained model at {args.model}: run `make train`", file=sys.stderr)
        return 2
    plan = Plan(args.rounds, args.latency_conversations, args.load_conversations, args.messages)
    with tempfile.TemporaryDirectory(prefix="wegwijzer-bench-") as folder:
        workdir = Path(folder)
        if args.profile_only:
            p_ours, _ = profile(plan, workdir, args.model)
            for stage, value, count in profile_rows(p_ours):
                print(f"  {value:7.1f} ms  {count:4.1f}×  {stage}")
            for stage, (seconds, calls) in sorted(p_ours.stages.items()):
                print(f"  raw {stage}: {seconds / p_ours.messages * 1000:.2f} ms, {calls} calls")
            return 0
        ours, ref = measure(plan, workdir, args.model)
        errors = ours.errors + ref.errors
        r = ratios(ours, ref)
        print(
            f"bench: p50 {ours.ms(50):.1f} vs {ref.ms(50):.1f} ms ({r['p50']:.2f}×), "
            f"p95 {ours.ms(95):.1f} vs {ref.ms(95):.1f} ms ({r['p95']:.2f}×), "
            f"throughput {ours.throughput:.1f} vs {ref.throughput:.1f} msg/s "
            f"({r['throughput']:.2f}×)"
        )
        if errors:
            return loadtest.failed("bench", errors)
        if args.no_profile:
            return 0
        profile_dir = workdir / "profile"
        profile_dir.mkdir()
        p_ours, p_ref = profile(plan, profile_dir, args.model)
        for stage, value, count in profile_rows(p_ours):
            print(f"  {value:7.1f} ms  {count:4.1f}×  {stage}")
    if not args.no_report:
        loadtest.write_section(args.report, "bench", render(ours, ref, p_ours, p_ref, plan))
        print(f"bench: figures written to {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
