"""Start the real action server and Rasa server on free local ports, for HTTP tests."""

from __future__ import annotations

import os
import secrets
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from scripts.operate.services import Process, free_port

ROOT = Path(__file__).resolve().parents[1]
RASA = ROOT / ".venv" / "bin" / "rasa"
START_TIMEOUT = 300


@dataclass(frozen=True)
class Servers:
    url: str
    workdir: Path  # the tracker store (trackers.db) and the servers' log (servers.log)
    actions: Process | None  # the action server, which a test can stop and start (None: not ours)
    token: str  # Rasa's HTTP API token (--auth-token), as scripts/run.sh sets one

    def say(self, sender: str, message: str) -> list[dict]:
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> dict:
        response = requests.get(
            f"{self.url}/conversations/{sender}/tracker",
            params={"token": self.token},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()


def _wait_until_ready(url: str, processes: list[subprocess.Popen], log: Path, token: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"a server exited early; log:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(f"{url}/status", params={"token": token}, timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(1)
    raise RuntimeError(f"servers not ready after {START_TIMEOUT}s; log:\n{log.read_text()[-3000:]}")


@contextmanager
def running(
    model: Path,
    workdir: Path,
    environment: dict[str, str] | None = None,
    port: int | None = None,
) -> Iterator[Servers]:
    """Both servers, as `make run` starts them, with their state in ``workdir`` and
    ``environment`` added to theirs; Rasa on ``port`` when given (else a free one)."""
    actions_port, rasa_port = free_port(), port or free_port()
    token = secrets.token_hex(16)
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
        "tracker_store:\n  type: bot.privacy.tracker_store.RedactingTrackerStore\n"
        f'  dialect: "sqlite"\n  db: "{workdir / "trackers.db"}"\n'
    )
    env = {
        **os.environ,
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "RASA_TELEMETRY_ENABLED": "false",
        "LOG_LEVEL": "INFO",
        # State beside the conversations in the work folder too, never in var/.
        "WEGWIJZER_ENDPOINTS": str(endpoints),
        "WEGWIJZER_PROGRESS_DB": str(workdir / "progress.db"),
        **(environment or {}),
    }
    log = workdir / "servers.log"
    actions = Process(
        "action server", [str(ROOT / "scripts" / "actions.sh")],
        {**env, "ACTIONS_PORT": str(actions_port)}, log, actions_port, ROOT,
    )  # fmt: skip
    actions.start()
    with log.open("a") as out:
        rasa = subprocess.Popen(
            [str(RASA), "run", "--model", str(model), "--endpoints", str(endpoints),
             "--credentials", str(ROOT / "credentials.yml"), "--enable-api",
             "--auth-token", token, "--interface", "127.0.0.1", "--port", str(rasa_port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{rasa_port}"
        _wait_until_ready(url, [p for p in (actions.process, rasa) if p], log, token)
        actions.wait_until_ready()
        yield Servers(url, workdir, actions, token)
    finally:
        actions.stop()
        rasa.terminate()
        try:
            rasa.wait(timeout=30)
        except subprocess.TimeoutExpired:
            rasa.kill()
