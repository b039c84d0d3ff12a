"""The set-up and training scripts behind `make run` do nothing when nothing changed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / script)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_second_setup_installs_nothing() -> None:
    result = _run("setup.sh")
    assert result.returncode == 0, result.stderr
    assert "installing" not in result.stdout
    assert "creating" not in result.stdout


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
