"""The operators' endpoints on the real servers (issue 16): liveness, readiness and
Prometheus metrics on Rasa and on the action server; counts, never message text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.servers import Servers, running

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "wegwijzer.tar.gz"
SECRET_WORDS = "Jayden van Dijk"


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    workdir = tmp_path_factory.mktemp("operations")
    env = {"WEGWIJZER_PROGRESS_DB": str(workdir / "progress.db")}
    with running(MODEL, workdir, env) as started:
        yield started


def metric(body: str, name: str, **labels: str) -> float:
    """The value of one sample in a Prometheus text exposition (0 when absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in body.splitlines():
        match = re.match(r"^(\w+)(?:\{(.*)\})? (\S+)$", line)
        if not match or match.group(1) != name:
            continue
        found = ",".join(sorted((match.group(2) or "").split(","))) if match.group(2) else ""
        if found == wanted:
            return float(match.group(3))
    return 0.0


def test_rasa_is_live_and_ready(servers: Servers) -> None:
    assert requests.get(f"{servers.url}/health/live", timeout=10).json() == {"status": "ok"}
    ready = requests.get(f"{servers.url}/health/ready", timeout=10)
    assert ready.status_code == 200 and ready.json() == {"status": "ready"}


def test_the_action_server_is_ready_and_counts_its_actions(servers: Servers) -> None:
    base = f"http://127.0.0.1:{servers.actions.port}"
    assert requests.get(f"{base}/health/ready", timeout=10).json() == {"status": "ready"}
    servers.say("ops-actions", "wat zeg ik als ik word uitgedaagd?")
    body = requests.get(f"{base}/metrics", timeout=10).text
    assert metric(body, "wegwijzer_actions_total", action="action_answer_knowledge") >= 1
    assert "wegwijzer_action_seconds_bucket" in body


def test_metrics_count_messages_alarms_and_out_of_scope_without_text(servers: Servers) -> None:
    before = requests.get(f"{servers.url}/metrics", timeout=10).text
    servers.say("ops-1", f"mag ik dit delen met de wijkagent? het gaat om {SECRET_WORDS}")
    servers.say("ops-2", "hij heeft een mes en staat voor de deur van het buurthuis")
    servers.say("ops-3", "wat is een goed recept voor lasagne?")
    after = requests.get(f"{servers.url}/metrics", timeout=10).text

    def grew(name: str, **labels: str) -> float:
        return metric(after, name, **labels) - metric(before, name, **labels)

    assert grew("wegwijzer_messages_total", channel="rest") == 3
    assert grew("wegwijzer_answer_seconds_count", channel="rest") == 3
    assert grew("wegwijzer_alarms_total", channel="rest", line="112") == 1
    assert grew("wegwijzer_out_of_scope_total", channel="rest") == 1
    assert grew("wegwijzer_errors_total", channel="rest", kind="no_reply") == 0
    for word in ("Jayden", "Dijk", "buurthuis", "lasagne", "ops-1", "ops-2"):
        assert word not in after


def test_without_an_action_server_users_hear_112_and_it_is_counted(servers: Servers) -> None:
    servers.actions.stop()
    try:
        before = requests.get(f"{servers.url}/metrics", timeout=10).text
        reply = servers.say("ops-down", "hoe reageer ik op provocatie?")
        after = requests.get(f"{servers.url}/metrics", timeout=10).text
    finally:
        servers.actions.start()
        servers.actions.wait_until_ready()
    assert "tijdelijk niet beschikbaar" in reply[-1]["text"] and "112" in reply[-1]["text"]
    key = {"channel": "rest", "kind": "no_reply"}
    assert (
        metric(after, "wegwijzer_errors_total", **key)
        - metric(before, "wegwijzer_errors_total", **key)
        == 1
    )
