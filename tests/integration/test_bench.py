"""`make bench` end to end at a small size: the `rasa init` bot built (or taken from the
cache), both bots measured, the profile taken inside the real servers, the section written
into a copy of docs/benchmarks.md with the other scripts' sections kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.measure import bench, loadtest

pytestmark = pytest.mark.model


def test_a_small_bench_writes_ratios_and_a_profile(tmp_path: Path, model_path: Path) -> None:
    report = tmp_path / "benchmarks.md"
    start, end = loadtest.markers("scaleout")
    report.write_text(f"# Benchmarks\n\nload test text\n\n{start}\nscale-out figures\n{end}\n")
    status = bench.main([
        "--rounds", "1", "--latency-conversations", "1", "--load-conversations", "3",
        "--messages", "6", "--model", str(model_path), "--report", str(report),
    ])  # fmt: skip
    assert status == 0
    text = report.read_text()
    assert "scale-out figures" in text and "load test text" in text  # others' sections kept
    section = text.split(loadtest.markers("bench")[0], 1)[1].split(loadtest.markers("bench")[1])[0]
    for figure in ("latency p50", "latency p95", "throughput, 3 conversations at once"):
        row = rf"\| {figure}[^|]*\| [\d.]+ (ms|msg/s) \| [\d.]+ (ms|msg/s) \| \*\*[\d.]+×\*\*"
        assert re.search(row, section), figure
    # The profile was measured inside both servers: our components and stages, and theirs.
    for stage in ("nlu:KnowledgeClassifier", "nlu:SpacyNLP", "tracker store: redaction",
                  "action call: HTTP", "action server: rendering", "policy:TEDPolicy",
                  "nlu:DIETClassifier"):  # fmt: skip
        assert re.search(rf"\| {re.escape(stage)}[^|]*\| [\d.]+ \|", section), stage
    assert re.search(r"Resident memory after the rounds: Wegwijzer Rasa \d+ MiB", section)
