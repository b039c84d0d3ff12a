"""The pieces of `make bench` that need no servers: the report's sections, the stage timers,
the profile's arithmetic (scripts/measure/bench.py, stages.py, loadtest.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from scripts.measure import loadtest, stages
from scripts.measure.bench import Profile, profile_rows


def test_each_script_rewrites_only_its_own_section(tmp_path: Path) -> None:
    report = tmp_path / "benchmarks.md"
    report.write_text("# Benchmarks\n\nwritten by the load test\n")
    for name in loadtest.KEPT_SECTIONS:
        start, end = loadtest.markers(name)
        loadtest.write_section(report, name, f"{start}\n{name} v1\n{end}\n")
    start, end = loadtest.markers("bench")
    loadtest.write_section(report, "bench", f"{start}\nbench v2\n{end}\n")
    text = report.read_text()
    assert "bench v2" in text and "bench v1" not in text and text.count(start) == 1
    assert "scaleout v1" in text and "issue19 v1" in text
    # The load test rewrites the rest of the file and keeps every other script's section.
    kept = loadtest.kept_section(report)
    assert all(f"{name} v1" in kept for name in ("scaleout", "issue19")) and "bench v2" in kept
    assert "written by the load test" not in kept


def test_stage_timers_add_up_sync_and_async_calls() -> None:
    stages._totals.clear()

    def work(x: int) -> int:
        return x + 1

    async def later(x: int) -> int:
        await asyncio.sleep(0.01)
        return x * 2

    timed, timed_async = stages._timed(work, "sync"), stages._timed(later, lambda x: f"a{x}")
    assert timed(1) == 2 and timed(2) == 3
    assert asyncio.run(timed_async(3)) == 6
    assert stages._totals["sync"][1] == 2
    assert stages._totals["a3"][1] == 1 and stages._totals["a3"][0] >= 0.01


def test_profile_rows_split_nested_stages_and_sum_to_the_client_time() -> None:
    sums = {
        "message": (4.0, 100), "nlu:SpacyNLP": (0.5, 200), "policy:RulePolicy": (0.5, 200),
        "tracker_fetch": (0.4, 100), "tracker_save": (0.6, 100), "redaction": (0.2, 300),
        "action_call:action_answer_knowledge": (1.5, 50), "action_request": (0.1, 50),
        "action_http": (1.2, 50), "action:action_answer_knowledge": (0.8, 50),
        "render": (0.1, 50),
    }  # fmt: skip
    rows = {label: ms for label, ms, _ in profile_rows(Profile(100, 5.0, sums))}
    assert rows["tracker store: redaction"] == 2.0
    assert rows["tracker store: write"] == 4.0  # the save without the redaction in it
    assert rows["action call: HTTP, JSON both ways, the SDK's web server"] == 4.0  # 12 − 8
    assert rows["action server: rendering"] == 1.0
    assert abs(sum(rows.values()) - 50.0) < 1e-9  # every ms of the client's 50 ms placed once
