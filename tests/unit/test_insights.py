"""The curators' insights report (`make insights`, scripts/operate/insights.py) on a real SQLite
tracker store, written by the real servers from real conversations over REST and the web chat.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from actions.knowledge import UNSURE_BELOW
from bot.insights import LOW_CONFIDENCE, _spreadsheet_safe, collect, read_events
from bot.nlu.parse import ranked_entries
from tests.clock import Clock
from tests.servers import Servers, running

ROOT = Path(__file__).resolve().parents[2]
FALLBACK_QUESTION = "hoe zit dat dan met die jongens en zo"
OUT_OF_SCOPE_QUESTION = "wat voor weer wordt het morgen in Utrecht?"
# Vague questions; whether the classifier is unsure of them depends on the model, so the
# test compares the report with the confidences stored in the tracker.
VAGUE_QUESTIONS = ("filmpjes van een vechtpartij", "hoe ga ik om met boze moeders op facebook")
COMMENT = "Jan de Vries (06-12345678) vond het antwoord te lang"


def test_low_confidence_is_where_the_assistant_offers_alternatives() -> None:
    assert LOW_CONFIDENCE == UNSURE_BELOW


def test_spreadsheet_formulas_are_defused() -> None:
    assert _spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _spreadsheet_safe("gewone vraag") == "gewone vraag"
    assert _spreadsheet_safe(3) == 3


def test_a_comment_without_a_thumbs_down_and_unknown_events_are_ignored() -> None:
    events = [
        ("s", {"event": "slot", "name": "feedback_comment", "value": "los"}),
        ("s", {"event": "bot", "text": "hoi"}),
        ("s", {"event": "user", "text": "/feedback{}",
               "parse_data": {"intent": {"name": "feedback"}}}),
    ]  # fmt: skip
    insights = collect(events, 0, time.time(), lambda text: text)
    assert insights.feedback == [] and insights.conversations == 1


def test_no_database_yet_means_no_events_and_creates_none(tmp_path: Path) -> None:
    missing = tmp_path / "var" / "trackers.db"
    assert list(read_events(f"sqlite:///{missing}", 0, time.time())) == []
    assert not missing.exists()


def test_questions_sent_to_colleagues_are_listed_with_their_answers(tmp_path: Path) -> None:
    import os

    from bot import storage
    from bot.experts.tickets import Tickets

    state = tmp_path / "progress.db"
    clock = Clock()
    clock.now = time.time() - 3600  # an hour ago, then a minute later: in the last 30 days
    tickets = Tickets(storage.create_engine(f"sqlite:///{state}"), b"s", clock)
    answered = tickets.open("web", "web:a", "Wie is bij ons de procesregisseur?")
    tickets.claim(answered.id, "e")
    tickets.answer(answered.id, "e", "Fatima de Groot van team OOV, 06-12345678.")
    clock.now += 60
    tickets.open("teams", "teams:b", "Waar staat ons convenant?")
    out = tmp_path / "report.md"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts/operate/insights.py"), "--db",
         str(tmp_path / "trackers.db"), "--endpoints", str(tmp_path / "none.yml"),
         "--out", str(out)],
        check=True, capture_output=True, text=True,
        env={**os.environ, "WEGWIJZER_PROGRESS_DB": str(state)},
    )  # fmt: skip
    report = out.read_text(encoding="utf-8")
    assert "- Vragen aan collega's: 2, waarvan 1 beantwoord" in report
    assert "| web | Wie is bij ons de procesregisseur? | beantwoord | [NAAM] van team OOV" in report
    assert "| teams | Waar staat ons convenant? | open |" in report
    assert "Fatima" not in report and "12345678" not in report
    with out.with_suffix(".csv").open(encoding="utf-8") as rows:
        sent = [r for r in csv.DictReader(rows) if r["kind"] == "expert_question"]
    assert [(r["status"], r["text"]) for r in sent] == [
        ("beantwoord", "Wie is bij ons de procesregisseur?"),
        ("open", "Waar staat ons convenant?"),
    ]


# --- on real conversations -------------------------------------------------------------------


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("insights")


@pytest.fixture(scope="module")
def servers(model_path: Path, workdir: Path) -> Iterator[Servers]:
    with running(model_path, workdir) as started:
        yield started


@pytest.fixture(scope="module")
def conversations(servers: Servers) -> Servers:
    servers.say("ins-a", "wat zeg ik als ik word uitgedaagd?")
    servers.say("ins-a", '/feedback{"entry":"provocatie-reageren","rating":"up"}')
    servers.say("ins-b", "hoe ontkracht ik een gerucht?")
    servers.say("ins-b", '/feedback{"entry":"gerucht-ontkrachten","rating":"down"}')
    servers.say("ins-b", COMMENT)
    servers.say("ins-c", FALLBACK_QUESTION)
    servers.say("ins-c", '/show_entry{"entry":"gerucht-ontkrachten"}')
    servers.say("ins-d", OUT_OF_SCOPE_QUESTION)
    for question in VAGUE_QUESTIONS:
        response = requests.post(
            f"{servers.url}/chat/webhook",
            json={"sender": "ins-web-e", "message": question},
            timeout=60,
        )
        response.raise_for_status()
    return servers


def insights(workdir: Path, *options: str) -> tuple[str, list[dict[str, str]]]:
    out = workdir / "reports" / f"insights{len(options)}.md"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "operate" / "insights.py"), "--db",
         str(workdir / "trackers.db"), "--out", str(out), *options],
        cwd=ROOT, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    with out.with_suffix(".csv").open(encoding="utf-8", newline="") as rows:
        return out.read_text(encoding="utf-8"), list(csv.DictReader(rows))


@pytest.mark.model
def test_most_asked_entries_and_feedback_per_entry(conversations: Servers, workdir: Path) -> None:
    text, rows = insights(workdir, "--days", "1")
    entries = {r["entry"]: r for r in rows if r["kind"] == "entry"}
    assert entries["provocatie-reageren"]["up"] == "1"
    assert entries["gerucht-ontkrachten"]["down"] == "1"
    # asked, and chosen after a fallback; a vague question may get this entry too, depending
    # on the model (see test_fallback_and_out_of_scope_questions_are_listed)
    count = int(entries["gerucht-ontkrachten"]["count"])
    assert 2 <= count <= 2 + len(VAGUE_QUESTIONS)
    assert (
        "| `gerucht-ontkrachten` | Een gerucht of misinformatie ontkrachten "
        f"| {count - 1} | 1 | 0 | 1 |" in text  # typed, via a button, 👍, 👎
    )


@pytest.mark.model
def test_a_thumbs_down_is_kept_with_its_question_and_redacted_comment(
    conversations: Servers, workdir: Path
) -> None:
    text, rows = insights(workdir, "--days", "1")
    (down,) = [r for r in rows if r["kind"] == "feedback" and r["down"] == "1"]
    assert down["entry"] == "gerucht-ontkrachten"
    assert down["text"] == "hoe ontkracht ik een gerucht?"
    assert down["comment"].startswith("[NAAM]") and "[TELEFOON]" in down["comment"]
    assert down["comment"].endswith("vond het antwoord te lang")
    for secret in ("Jan", "Vries", "12345678"):
        assert secret not in text
        assert all(secret not in value for row in rows for value in row.values())


@pytest.mark.model
def test_fallback_and_out_of_scope_questions_are_listed(
    conversations: Servers, workdir: Path
) -> None:
    text, rows = insights(workdir, "--days", "1")
    fallback = {r["text"]: r["entry"] for r in rows if r["kind"] == "fallback"}
    # the entry chosen next: a training message for the curators
    assert fallback[FALLBACK_QUESTION] == "gerucht-ontkrachten"
    # a vague question may fall back too, depending on the model; nothing else does
    assert set(fallback) <= {FALLBACK_QUESTION, *VAGUE_QUESTIONS}, fallback
    assert [r["text"] for r in rows if r["kind"] == "out_of_scope"] == [OUT_OF_SCOPE_QUESTION]
    assert f"| {FALLBACK_QUESTION} | `gerucht-ontkrachten` |" in text
    # the comment after the 👎 is no question of its own
    assert not [r for r in rows if r["kind"] != "feedback" and "te lang" in r["text"]]


@pytest.mark.model
def test_low_confidence_matches_are_those_the_tracker_stored(
    conversations: Servers, workdir: Path
) -> None:
    events = conversations.tracker("web:ins-web-e")["events"]
    stored = {
        e["text"]: ranked_entries(e["parse_data"])[0]
        for e in events
        if e["event"] == "user" and e["parse_data"]["intent"]["name"] == "knowledge"
    }
    expected = {q for q, (_, confidence) in stored.items() if confidence < LOW_CONFIDENCE}
    assert expected, f"none of {VAGUE_QUESTIONS} is low-confidence for this model: pick others"
    _, rows = insights(workdir, "--days", "1")
    low = {r["text"]: r for r in rows if r["kind"] == "low_confidence"}
    assert set(low) == expected
    for question in expected:
        assert low[question]["entry"] == stored[question][0]
        assert low[question]["channel"] == "webchat"


@pytest.mark.model
def test_a_period_without_conversations_gives_an_empty_report(
    conversations: Servers, workdir: Path
) -> None:
    text, rows = insights(workdir, "--since", "2020-01-01", "--until", "2020-01-31")
    assert "2020-01-01 t/m 2020-01-31" in text
    assert "- Gesprekken: 0" in text
    assert rows == []
