"""The set-up and training scripts behind `make run` do nothing when nothing changed."""

from __future__ import annotations

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
