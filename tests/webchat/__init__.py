"""Chat in the web chat as a person does: ``chat.mjs`` beside this file drives Debian's
headless Chromium (playwright-core) against a running assistant and reports what the page
showed, including axe-core's accessibility findings.

Used by tests/integration/test_webchat_browser.py and scripts/generate/webchat_screenshots.py. Needs
``node``, the npm packages of package-lock.json (playwright-core, axe-core; ``npm ci`` in
scripts/setup_dev.sh) and Debian's ``chromium`` (or ``$WEGWIJZER_CHROMIUM``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.render import RenderError

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCRIPT = HERE / "chat.mjs"
QUESTION = "wat zeg ik als ik word uitgedaagd?"


def _command(script: Path, arguments: list[str]) -> list[str]:
    node = shutil.which("node")
    if node is None:
        raise RenderError("node is not installed (Node.js 20 or later is needed)")
    for package in ("playwright-core", "axe-core"):
        if not (ROOT / "node_modules" / package).is_dir():
            raise RenderError(f"node_modules/{package} is missing: run `make setup-dev` (npm ci)")
    return [node, str(script), *arguments]


def _report(script: Path, returncode: int, stdout: str, stderr: str) -> dict[str, Any]:
    if returncode != 0:
        raise RenderError(f"{script.name} failed ({returncode}):\n{stderr[-4000:]}")
    report: dict[str, Any] = json.loads(stdout)
    return report


def _run(script: Path, arguments: list[str], timeout: float) -> dict[str, Any]:
    result = subprocess.run(
        _command(script, arguments),
        cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    return _report(script, result.returncode, result.stdout, result.stderr)


class Running:
    """A browser script running in the background (:func:`ask_a_colleague_in_browser`):
    the test acts meanwhile, then :meth:`report` waits for its end."""

    def __init__(self, script: Path, arguments: list[str]) -> None:
        self.script = script
        self.process = subprocess.Popen(
            _command(script, arguments),
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    def report(self, timeout: float = 600) -> dict[str, Any]:
        try:
            stdout, stderr = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            stdout, stderr = self.process.communicate()
            raise RenderError(f"{self.script.name} timed out:\n{stderr[-4000:]}") from None
        return _report(self.script, self.process.returncode, stdout, stderr)


def ask_a_colleague_in_browser(url: str, question: str) -> Running:
    """Start expert.mjs against the assistant at ``url``: it asks ``question``, sends it to
    the colleagues and waits for their answer on the page (see expert.mjs)."""
    return Running(HERE / "expert.mjs", ["--url", url, "--question", question])


def sign_in_in_browser(url: str, issuer: str, timeout: float = 600) -> dict[str, Any]:
    """Run signin.mjs against the assistant at ``url`` (sign-in on) and the OpenID Connect
    provider at ``issuer``; its JSON report (see signin.mjs)."""
    return _run(HERE / "signin.mjs", ["--url", url, "--issuer", issuer], timeout)


def chat_in_browser(
    url: str, screenshots: Path | None = None, timeout: float = 600
) -> dict[str, Any]:
    """Run chat.mjs against the assistant at ``url``; its JSON report (see chat.mjs). With
    ``screenshots``, writes ``webchat-phone.png`` and ``webchat-desktop.png`` there."""
    arguments = ["--url", url]
    if screenshots is not None:
        arguments += ["--screenshots", str(screenshots)]
    return _run(SCRIPT, arguments, timeout)
