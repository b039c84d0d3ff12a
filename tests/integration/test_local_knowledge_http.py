"""The organisation's local knowledge end to end (issue 20): a model trained by
scripts/train.sh with the worked example's folder (tests/local_knowledge/voorbeeld), both
servers started with it, questions over REST."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import Servers, running

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "local_knowledge" / "voorbeeld"
LOCAL_SOURCE = "Bron: Protocol online aangejaagd geweld gemeente Voorbeeld, versie 3 (2026), §2"


@pytest.fixture(scope="module")
def candidate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The model scripts/train.sh trains with the example folder."""
    models = tmp_path_factory.mktemp("models")
    environment = {"WEGWIJZER_LOCAL_KNOWLEDGE": str(EXAMPLE)}
    trained = subprocess.run(
        [str(ROOT / "scripts" / "train.sh")],
        env={**os.environ, **environment, "WEGWIJZER_MODELS_DIR": str(models)},
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert trained.returncode == 0, trained.stderr[-3000:]
    assert "1 local entry in the training data" in trained.stdout
    return models / "wegwijzer.tar.gz"


@pytest.fixture(scope="module")
def servers(candidate: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    environment = {"WEGWIJZER_LOCAL_KNOWLEDGE": str(EXAMPLE)}
    with running(candidate, tmp_path_factory.mktemp("state"), environment) as s:
        yield s


def texts(replies: list[dict]) -> str:
    return "\n".join(str(reply.get("text") or "") for reply in replies)


@pytest.mark.parametrize(
    "question",
    ["wie is de procesregisseur bij ons?", "wie bel ik bij een online dreiging in onze gemeente"],
)
def test_a_local_question_gets_the_local_entry_marked_with_its_own_source(
    servers: Servers, question: str
) -> None:
    answer = texts(servers.say(f"lokaal-{abs(hash(question))}", question))
    assert "Wie bel je bij een online dreiging? (gemeente Voorbeeld)" in answer
    assert "Lokale afspraak van je organisatie, niet uit het rapport." in answer
    assert LOCAL_SOURCE in answer
    assert "Greijdanus" not in answer.split("Wie bel je")[1].split("\n\n")[0]


def test_the_reports_answers_stay_the_reports(servers: Servers) -> None:
    answer = texts(servers.say("rapport-1", "wat zeg ik als ik word uitgedaagd?"))
    assert "Bron: Greijdanus e.a. (2023)" in answer
    assert "Lokale afspraak" not in answer


def test_the_background_of_a_local_entry_quotes_its_own_document(servers: Servers) -> None:
    replies = servers.say(
        "lokaal-achtergrond", '/show_background{"entry":"lokaal-procesregisseur"}'
    )
    answer = texts(replies)
    assert "Uit de eigen documenten" in answer and "Uit het rapport" not in answer
    assert "roept binnen 24 uur het casusoverleg bij elkaar" in answer and LOCAL_SOURCE in answer


def test_knowledge_check_compares_the_held_out_accuracy_before_and_after(candidate: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/operate/knowledge_check.py"), "--folder",
         str(EXAMPLE), "--candidate", str(candidate)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert re.search(r"tests/nlu: \d+\.\d% → \d+\.\d% \(410 vragen\)", out), out
    assert re.search(r"tests/nlu_phone: \d+\.\d% → \d+\.\d% \(244 vragen\)", out), out
    assert re.search(r"knowledge/lokaal-procesregisseur: [34]/4", out), out
