"""Shared fixtures: the project's knowledge base, the report, and the trained model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase, load_knowledge
from bot.knowledge.report import Report

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "wegwijzer.tar.gz"

# The tests are about the project's own knowledge: an organisation's local knowledge folder
# and experts' channel set in the developer's shell stay out (tests that need them set them).
for _variable in (
    "WEGWIJZER_LOCAL_KNOWLEDGE",
    "WEGWIJZER_KNOWLEDGE_DRAFTS",
    "WEGWIJZER_EXPERTS_CHANNEL",
    "WEGWIJZER_EXPERTS_SERVICE_URL",
):
    os.environ.pop(_variable, None)


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def report() -> Report:
    report = Report()
    if not (report.directory / "toc.yml").exists():
        pytest.fail(f"the report is missing: expected it in {report.directory}")
    return report


@pytest.fixture(scope="session")
def model_path() -> Path:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` (make test does)")
    return MODEL
