"""The load test's own logic (scripts/measure/loadtest.py, `make loadtest`): its plan, its figures,
and — against the real servers, with 2 conversations × 3 messages — that it passes when all
is well and that its checks catch a message in the wrong conversation."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.servers import Servers, running

ROOT = Path(__file__).resolve().parents[2]


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "loadtest", ROOT / "scripts" / "measure" / "loadtest.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["loadtest"] = module
    spec.loader.exec_module(module)
    return module


loadtest = _load_script()


def test_the_plan_is_seeded_and_mixes_every_kind_of_message() -> None:
    pool = loadtest.load_pool()
    plan = loadtest.build_conversations(pool, 20, 50, seed=5)
    assert plan == loadtest.build_conversations(pool, 20, 50, seed=5)
    assert len({c.sender for c in plan}) == 20
    assert all(len(c.messages) == 50 for c in plan)
    assert all(c.messages[0].kind == "greet" and c.messages[-1].kind == "goodbye" for c in plan)
    kinds = {m.kind for c in plan for m in c.messages}
    assert kinds == {"greet", "goodbye", "knowledge", "button", "smalltalk", "offtopic", "acute"}
    texts = {m.text for c in plan for m in c.messages}
    assert '/show_entry{"entry":"provocatie-afsluiten"}' in texts
    # Each conversation has its own order, so cross-talk between them would show.
    assert len({tuple(m.text for m in c.messages) for c in plan}) == 20


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert loadtest.percentile(values, 50) == 50
    assert loadtest.percentile(values, 95) == 95
    assert loadtest.percentile(values, 100) == 100
    assert loadtest.percentile([3.0], 95) == 3.0


def test_a_message_handled_again_after_a_rewind_counts_once() -> None:
    events = [
        {"event": "user", "text": "eerste vraag"},
        {"event": "bot", "text": "Ik weet niet zeker wat je bedoelt."},
        {"event": "user", "text": "tweede vraag"},
        {"event": "rewind"},  # the unsure loop hands the message back, before any reply
        {"event": "user", "text": "tweede vraag"},
        {"event": "bot", "text": "**Antwoord**"},
        {"event": "user", "text": "de mazzel"},
        {"event": "bot", "text": "Dat kan ik niet goed plaatsen."},
        {"event": "rewind"},  # the fallback gives up: the message and its reply stay
        {"event": "user", "text": "de mazzel"},
        {"event": "bot", "text": "Tot ziens!"},
    ]
    assert loadtest.exchanges(events) == [
        ("eerste vraag", ["Ik weet niet zeker wat je bedoelt."]),
        ("tweede vraag", ["**Antwoord**"]),
        ("de mazzel", ["Dat kan ik niet goed plaatsen."]),
        ("de mazzel", ["Tot ziens!"]),
    ]


@pytest.fixture(scope="module")
def servers(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    with running(model_path, tmp_path_factory.mktemp("loadtest")) as started:
        yield started


@pytest.mark.model
def test_a_small_load_passes_and_its_checks_catch_cross_talk(
    servers: Servers, tmp_path: Path
) -> None:
    plan = loadtest.build_conversations(loadtest.load_pool(), 2, 3, seed=5, prefix="smoke")
    outcome = loadtest.exercise(servers, plan, log=lambda _: None)
    assert outcome.errors == []
    assert [len(turns) for turns in outcome.turns] == [3, 3]

    figures = outcome.figures(start_seconds=1.0)
    assert figures.messages == 6
    assert figures.calibrated == 6
    report = loadtest.render_report(figures, loadtest.machine(), "make loadtest")
    assert "2 concurrent conversations × 3 messages" in report
    assert f"| Rasa | {loadtest.metadata.version('rasa')} |" in report

    first, second = plan
    first_turns, second_turns = outcome.turns
    # Seed 5: the first presses a button, the second asks another knowledge question. The
    # second's replies given to the first's messages do not pass: wrong recipient, wrong answer.
    crossed = [
        loadtest.Turn(mine, theirs.replies)
        for mine, theirs in zip(first.messages, second_turns, strict=True)
    ]
    assert loadtest.reply_problems(first.sender, crossed[1].replies)
    assert loadtest.turn_problems(first, crossed, outcome.calibration.expectations)
    # A message that lands in the wrong conversation shows in its tracker.
    servers.say(first.sender, second.messages[1].text)
    trackers = asyncio.run(
        loadtest.fetch_trackers(servers.url, servers.token, [first.sender, second.sender])
    )
    assert loadtest.tracker_problems(first, first_turns, trackers[first.sender])
    assert loadtest.tracker_problems(second, second_turns, trackers[second.sender]) == []
