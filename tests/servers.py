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
import yaml

from scripts.operate.services import Process, free_port

ROOT = Path(__file__).resolve().parents[1]
RASA = ROOT / ".venv" / "bin" / "rasa"
PYTHON = ROOT / ".venv" / "bin" / "python"
START_TIMEOUT = 300


@dataclass(frozen=True)
class Servers:
    url: str
    workdir: Path  # the tracker store (trackers.db) and the servers' log (servers.log)
    actions: Process | None  # the action server, which a test can stop and start (None: not ours)
    token: str  # Rasa's HTTP API token (--auth-token), as scripts/run.sh sets one
    rasa_pid: int | None = None  # the Rasa server's process (None: not ours)

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
    stages: Path | None = None,
) -> Iterator[Servers]:
    """Both servers, as `make run` starts them (endpoints.yml, with the action server's port
    and the tracker store's file changed), with their state in ``workdir`` and
    ``environment`` added to theirs; Rasa on ``port`` when given (else a free one).

    With ``stages`` (a folder), both run under :mod:`scripts.measure.stages`, which times
    the stages of each message and writes the sums to ``stages/rasa.json`` and
    ``stages/actions.json`` (``make bench``'s per-message profile)."""
    actions_port, rasa_port = free_port(), port or free_port()
    token = secrets.token_hex(16)
    endpoints = workdir / "endpoints.yml"
    config = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    config["action_endpoint"]["url"] = f"http://127.0.0.1:{actions_port}/webhook"
    config["tracker_store"]["db"] = str(workdir / "trackers.db")
    endpoints.write_text(yaml.safe_dump(config), encoding="utf-8")
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
    rasa_command, actions_command = [str(RASA)], [str(ROOT / "scripts" / "actions.sh")]
    if stages is not None:
        timed = [str(PYTHON), "-m", "scripts.measure.stages"]
        rasa_command = [*timed, str(stages / "rasa.json")]
        actions_command = [*timed, str(stages / "actions.json"), "run", "actions",
                           "--actions", "actions", "--port", str(actions_port)]  # fmt: skip
    actions = Process(
        "action server", actions_command,
        {**env, "ACTIONS_PORT": str(actions_port), "SANIC_HOST": "127.0.0.1"},
        log, actions_port, ROOT,
    )  # fmt: skip
    actions.start()
    with log.open("a") as out:
        rasa = subprocess.Popen(
            [*rasa_command, "run", "--model", str(model), "--endpoints", str(endpoints),
             "--credentials", str(ROOT / "credentials.yml"), "--enable-api",
             "--auth-token", token, "--interface", "127.0.0.1", "--port", str(rasa_port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{rasa_port}"
        _wait_until_ready(url, [p for p in (actions.process, rasa) if p], log, token)
        actions.wait_until_ready()
        yield Servers(url, workdir, actions, token, rasa.pid)
    finally:
        actions.stop()
        rasa.terminate()
        try:
            rasa.wait(timeout=30)
        except subprocess.TimeoutExpired:
            rasa.kill()
