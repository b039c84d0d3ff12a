"""Render Adaptive Cards as Teams does: Microsoft's ``adaptivecards`` renderer in Debian's
headless Chromium, driven by ``playwright-core`` (``render_cards.mjs`` beside this file).

Used by tests/unit/test_teams_render.py and scripts/generate/card_screenshots.py. Needs
``node``, the npm packages of package-lock.json (``npm ci``, run by scripts/setup_dev.sh) and
Debian's ``chromium`` (``/usr/bin/chromium``, or the path in ``$WEGWIJZER_CHROMIUM``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCRIPT = HERE / "render_cards.mjs"
DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
CARD_WIDTH = 450  # px: about the width of a bot's card in the Teams desktop chat


class RenderError(RuntimeError):
    """The renderer could not run (no node, no npm packages, no browser, a crash)."""


def chromium_path() -> Path:
    """The browser the renderer launches: ``$WEGWIJZER_CHROMIUM`` or Debian's chromium."""
    return Path(os.environ.get("WEGWIJZER_CHROMIUM") or DEFAULT_CHROMIUM)


def require_chromium(what: str) -> Path:
    """The browser, for a test fixture: fails when it is missing (``make setup-dev`` installs it),
    or skips with ``WEGWIJZER_ALLOW_NO_BROWSER=1``, saying ``what`` was therefore not done."""
    import pytest

    path = chromium_path()
    if path.exists():
        return path
    if os.environ.get("WEGWIJZER_ALLOW_NO_BROWSER") == "1":
        pytest.skip(f"no browser at {path} and WEGWIJZER_ALLOW_NO_BROWSER=1: {what}")
    pytest.fail(
        f"no browser at {path}: `make setup-dev` installs Debian's chromium "
        "(set WEGWIJZER_CHROMIUM to use another, or WEGWIJZER_ALLOW_NO_BROWSER=1 to skip)"
    )


def render_cards(
    cards: Mapping[str, Mapping[str, Any]],
    workdir: Path,
    *,
    screenshots: Path | None = None,
    width: int = CARD_WIDTH,
    scale: float = 2,
    click: bool = True,
    timeout: float = 300,
) -> dict[str, Any]:
    """Render ``cards`` (name → card JSON) in one browser session; return the renderer's
    report: ``{"browser", "width", "cards": {name: {...}}, "blockedRequests", "pageErrors"}``
    (each card's entry is described in render_cards.mjs). With ``screenshots``, writes
    ``<screenshots>/<name>.png`` of each card at ``width`` CSS pixels times ``scale``."""
    node = shutil.which("node")
    if node is None:
        raise RenderError("node is not installed (Node.js 20 or later is needed)")
    if not (ROOT / "node_modules" / "playwright-core").is_dir():
        raise RenderError("node_modules/playwright-core is missing: run `make setup-dev` (npm ci)")
    workdir.mkdir(parents=True, exist_ok=True)
    cards_file = workdir / "cards.json"
    cards_file.write_text(json.dumps(cards, ensure_ascii=False), encoding="utf-8")
    command = [node, str(SCRIPT), "--cards", str(cards_file), "--width", str(width)]
    command += ["--scale", str(scale)]
    if screenshots is not None:
        command += ["--screenshots", str(screenshots)]
    if not click:
        command.append("--no-click")
    try:
        result = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise RenderError(f"the renderer took longer than {timeout} s") from error
    if result.returncode != 0:
        raise RenderError(f"render_cards.mjs exited with {result.returncode}:\n{result.stderr}")
    return json.loads(result.stdout)
