"""Scale-out: the load test through HAProxy against 1 and against 2 Rasa replicas (make scaleout).

    .venv/bin/python scripts/measure/scaleout.py [--replicas 1 2] [--conversations 20]
                                                 [--messages 50] [--no-report]

For each number of replicas, starts the production topology of ``make cluster``
(:class:`scripts.operate.cluster.Cluster`: PostgreSQL, Redis, N Rasa replicas and N action
servers behind HAProxy) in a temporary folder, runs ``make loadtest``'s plan and checks
(:func:`scripts.measure.loadtest.exercise`: every reply answers its own message, every
tracker in PostgreSQL complete and in order) and measures throughput and latency at the same
concurrency, plus what a capacity plan needs: resident memory per process and the database's
size per stored message. Writes the section between the ``scaleout`` markers of
docs/benchmarks.md (``make loadtest`` keeps it) when every run passed.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from scripts.measure import loadtest
from scripts.operate.cluster import Cluster

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "docs" / "benchmarks.md"
START, END = loadtest.SCALEOUT_START, loadtest.SCALEOUT_END


@dataclass(frozen=True)
class Run:
    replicas: int
    figures: loadtest.Figures
    errors: list[str]
    rasa_mib: float  # resident memory of one Rasa replica, after the load (mean)
    actions_mib: float  # of one action server
    postgres_mib: float  # of all PostgreSQL processes together
    bytes_per_message: float  # database size growth per message sent (events + indexes)
    start_seconds: float


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children (PostgreSQL: the whole server)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    for one in pids:
        status = Path(f"/proc/{one}/status")
        if status.exists():
            match = re.search(r"^VmRSS:\s+(\d+) kB", status.read_text(), re.MULTILINE)
            total += int(match.group(1)) if match else 0
    return total / 1024


def postgres_pid(cluster: Cluster) -> int:
    return int((cluster.postgres.folder / "pgdata" / "postmaster.pid").read_text().split()[0])


def database_bytes(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(sa.text("SELECT pg_database_size('wegwijzer')")).scalar())
    finally:
        engine.dispose()


def measure(replicas: int, conversations: int, messages: int, log: object = print) -> Run:
    say = log if callable(log) else print
    plan = loadtest.build_conversations(loadtest.load_pool(), conversations, messages, seed=5)
    with tempfile.TemporaryDirectory(prefix="wegwijzer-scaleout-") as folder:
        cluster = Cluster(Path(folder) / "cluster", replicas=replicas)
        started = time.perf_counter()
        try:
            with cluster:
                start_seconds = time.perf_counter() - started
                size_before = database_bytes(cluster.postgres.url)
                say(f"scaleout: {replicas} replica(s) up in {start_seconds:.0f} s; load…")
                outcome = loadtest.exercise(cluster, plan, log=say)
                grown = database_bytes(cluster.postgres.url) - size_before
                sent = 2 * sum(len(c.messages) for c in plan)  # calibration and load
                rasa = [rss_mib(p.process.pid) for p in cluster.rasa if p.process]
                actions = [rss_mib(p.process.pid) for p in cluster.actions if p.process]
                run = Run(
                    replicas,
                    outcome.figures(start_seconds),
                    outcome.errors,
                    sum(rasa) / len(rasa),
                    sum(actions) / len(actions),
                    rss_mib(postgres_pid(cluster)),
                    grown / sent,
                    start_seconds,
                )
        finally:
            cluster.remove()
    ms = run.figures.latency_ms()
    say(
        f"scaleout: {replicas} replica(s): {run.figures.throughput:.1f} messages/s, "
        f"p50 {ms['p50']:.0f} ms, p95 {ms['p95']:.0f} ms, {len(run.errors)} error(s)"
    )
    return run


HEADER = (
    "| Replicas | Throughput (messages/s) | vs 1 | Latency p50 | p95 | Rasa replica (RSS) "
    "| Action server (RSS) | PostgreSQL (RSS) | Database per message | Start-up |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


def render(runs: list[Run], conversations: int, messages: int) -> str:
    """The docs/benchmarks.md section, markers included."""
    base = runs[0].figures.throughput
    rows = []
    for run in runs:
        ms = run.figures.latency_ms()
        rows.append(
            f"| {run.replicas} | **{run.figures.throughput:.1f}** | "
            f"{run.figures.throughput / base:.2f}× | {ms['p50']:.0f} ms | {ms['p95']:.0f} ms | "
            f"{run.rasa_mib:.0f} MiB | {run.actions_mib:.0f} MiB | {run.postgres_mib:.0f} MiB | "
            f"{run.bytes_per_message / 1024:.1f} KiB | {run.start_seconds:.0f} s |"
        )
    host = loadtest.machine()
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""{START}
## Scale-out: 1 and 2 replicas behind HAProxy (issue 16)

Written by `scripts/measure/scaleout.py` (`make scaleout`) on {when}, on
{host.get("CPU", "this machine")} ({os.cpu_count()} logical CPUs). Each run starts the
topology of `make cluster` (PostgreSQL 15 with fsync on, Redis, N Rasa replicas and N action
servers behind HAProxy, round robin) and runs `make loadtest`'s checks through HAProxy:
{conversations} concurrent conversations × {messages} messages, every reply its own message's
answer, every tracker in PostgreSQL complete and in order (0 errors in every run).

{HEADER}
{chr(10).join(rows)}

Everything — the replicas, the action servers, PostgreSQL, Redis, HAProxy and the load
generator itself — shares the same {os.cpu_count()} cores, so a second replica can only add
what one replica leaves idle: a Rasa replica handles one message at a time on one core
(Python), and the action server, PostgreSQL and the load generator take their share of the
rest. On separate machines (or Kubernetes nodes) each replica brings its own core.
"Database per message" is the growth of the PostgreSQL database (redacted events and their
indexes) per message sent, calibration included.
{END}
"""


def main(argv: list[str] | None = None) -> int:
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--messages", type=int, default=50)
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args(argv)
    runs = [measure(n, args.conversations, args.messages) for n in args.replicas]
    failed = [f"{run.replicas} replica(s): {e}" for run in runs for e in run.errors]
    if failed:
        return loadtest.failed("scaleout", failed)
    if not args.no_report:
        loadtest.write_section(REPORT, "scaleout", render(runs, args.conversations, args.messages))
        print(f"scaleout: figures written to {REPORT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
