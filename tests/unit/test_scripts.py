"""The set-up and training scripts behind `make run` do nothing when nothing changed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / script)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_second_setup_installs_nothing() -> None:
    result = _run("setup.sh")
    assert result.returncode == 0, result.stderr
    assert "installing" not in result.stdout
    assert "creating" not in result.stdout


def test_second_test_tools_setup_installs_nothing() -> None:
    result = _run("setup_dev.sh")
    assert result.returncode == 0, result.stderr
    assert "installing" not in result.stdout
    assert "downloading" not in result.stdout


def test_running_needs_no_test_tools_npm_or_root() -> None:
    """`make run` installs the runtime lock and the spaCy pipeline only: the test tools,
    npm packages and Debian's Chromium (apt-get, as root) are make test's (setup_dev.sh)."""
    lines = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8").splitlines()
    setup = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    assert not any(word in setup for word in ("npm", "apt-get", "dev.txt"))
    runtime = (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8").lower()
    for tool in ("pytest", "ruff", "hypothesis", "xdist"):  # rapidfuzz: bot/nlu/open_question.py
        assert f"\n{tool}" not in runtime, tool
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "run: train" in makefile and "train: $(SETUP_STAMP)" in makefile
    assert "$(SETUP_STAMP): requirements/lock.txt scripts/setup.sh pyproject.toml\n" in makefile


@pytest.mark.model
def test_fresh_model_is_not_retrained(model_path: Path) -> None:
    result = _run("train.sh")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "train: model is up to date (models/wegwijzer.tar.gz)"


@pytest.mark.parametrize("content", [None, b"not a model"], ids=["missing", "corrupt"])
def test_a_missing_or_damaged_model_stops_run_with_the_fix(
    tmp_path: Path, content: bytes | None
) -> None:
    model = tmp_path / "model.tar.gz"
    if content is not None:
        model.write_bytes(content)
    result = subprocess.run(
        [str(ROOT / "scripts" / "run.sh")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "WEGWIJZER_MODEL": str(model)},
    )
    assert result.returncode == 1
    assert "missing or damaged" in result.stderr and "make clean && make train" in result.stderr
