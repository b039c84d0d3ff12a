"""The web chat end to end: the real assistant (Rasa and action server, tests/servers.py), its
page at /chat in Debian's headless Chromium driven by playwright-core (tests/webchat/chat.mjs),
and axe-core for accessibility. A person asks "wat zeg ik als ik word uitgedaagd?", sees the
answer with its Bron: line, presses a related-entry button, rates that answer 👎 with a
comment, and the curators find that feedback in `make insights`' report.

Also the chat endpoint's own HTTP contract (hardening, headers), on the same servers. The
browser must be there (scripts/setup_dev.sh installs it); only with
``WEGWIJZER_ALLOW_NO_BROWSER=1`` does a machine without it skip the browser tests.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from PIL import Image

from bot.channels.rest import EMPTY_REPLY
from tests.render import require_chromium
from tests.servers import Servers, running
from tests.webchat import chat_in_browser

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
PROVOCATION_TITLE = "Reageren als je wordt uitgedaagd of geprovoceerd"
PROVOCATION_SOURCE = "Bron: Greijdanus e.a. (2023), §4.2, p. 37–41; §4.3, p. 42–45"
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("webchat")


@pytest.fixture(scope="module")
def servers(model_path: Path, workdir: Path) -> Iterator[Servers]:
    with running(model_path, workdir) as started:
        yield started


@pytest.fixture(scope="module")
def browser() -> Path:
    return require_chromium("page not opened")


@pytest.fixture(scope="module")
def screenshots(workdir: Path) -> Path:
    return workdir / "screenshots"


@pytest.fixture(scope="module")
def report(browser: Path, servers: Servers, screenshots: Path) -> dict[str, Any]:
    return chat_in_browser(servers.url, screenshots=screenshots)


def answer_of(messages: list[dict[str, Any]]) -> dict[str, Any]:
    answers = [m for m in messages if m["answer"]]
    assert answers, messages
    return answers[-1]


# --- in the browser ------------------------------------------------------------------------


def test_the_page_loads_nothing_from_elsewhere_and_has_no_errors(report: dict[str, Any]) -> None:
    assert report["blockedRequests"] == []
    assert report["pageErrors"] == []  # CSP violations and script errors land here
    csp = report["phone"]["headers"]["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert report["phone"]["lang"] == "nl"


def test_the_question_gets_the_answer_with_its_parts_and_source_line(
    report: dict[str, Any],
) -> None:
    answer = answer_of(report["phone"]["afterQuestion"])
    assert answer["title"] == PROVOCATION_TITLE
    assert answer["source"] == PROVOCATION_SOURCE
    assert "Herhaal de provocatie kort." in answer["text"]
    assert answer["examples"] and answer["examples"][0].startswith("Ik hoor wat u zegt")
    assert "Een gespannen gesprek de-escalerend afsluiten" in answer["buttons"]
    assert answer["feedback"] == ["Dit antwoord hielp me", "Dit antwoord hielp me niet"]
    desktop = answer_of(report["desktop"]["afterQuestion"])
    assert (desktop["title"], desktop["source"]) == (PROVOCATION_TITLE, PROVOCATION_SOURCE)


def test_an_example_sentence_can_be_copied(report: dict[str, Any]) -> None:
    first_example = answer_of(report["phone"]["afterQuestion"])["examples"][0]
    assert report["phone"]["clipboard"] == first_example
    assert report["phone"]["copyStatus"] == "Voorbeeldzin gekopieerd."


def test_a_related_entry_button_opens_that_entry(report: dict[str, Any]) -> None:
    related = report["phone"]["relatedAnswer"]
    assert related["answer"] and related["title"] == report["phone"]["relatedPressed"]
    assert related["source"].startswith("Bron: Greijdanus e.a. (2023), §")


def test_thumbs_down_asks_for_a_comment_and_keeps_it(report: dict[str, Any]) -> None:
    phone = report["phone"]
    assert phone["thumbsDownPressed"] == "true"
    assert "Wat miste je?" in phone["afterThumbsDown"]["text"]
    assert phone["afterThumbsDown"]["buttons"] == ["Overslaan"]
    assert phone["focusAfterThumbsDown"] == "bericht"  # straight to typing the comment
    assert "opmerking is bewaard" in phone["afterComment"]["text"]
    assert phone["userMessages"][-2:] == ["👎", phone["comment"]]


def test_keyboard_order_and_live_region(report: dict[str, Any]) -> None:
    phone = report["phone"]
    order = phone["tabOrder"]
    assert order[0] == "a:Direct naar het invoerveld"
    assert (
        "button:Rondleiding voor nieuwe collega's" in order
    )  # issue 7: the welcome offers the tour
    assert order.index("textarea:bericht") < order.index("button:Versturen")
    assert phone["liveRegion"] == {
        "role": "log",
        "live": "polite",
        "label": "Gesprek met Wegwijzer",
    }
    assert phone["focusAfterQuestion"] == "bericht"  # ready for the next question


@pytest.mark.parametrize(
    ("width", "run"),
    [("phone", "axeStart"), ("phone", "axeAnswer"), ("phone", "axeEnd"), ("desktop", "axeAnswer")],
)
def test_axe_finds_no_serious_or_critical_violations(
    report: dict[str, Any], width: str, run: str
) -> None:
    violations = [v for v in report[width][run] if v["impact"] in SERIOUS]
    assert violations == []


def test_screenshots_at_phone_and_desktop_width(report: dict[str, Any], screenshots: Path) -> None:
    with Image.open(screenshots / "webchat-phone.png") as phone:
        assert phone.width == 390 * 2
    with Image.open(screenshots / "webchat-desktop.png") as desktop:
        assert desktop.width == 1280


def test_the_feedback_is_in_the_insights_report(
    report: dict[str, Any], servers: Servers, workdir: Path
) -> None:
    out = workdir / "insights" / "report.md"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "operate" / "insights.py"), "--db",
         str(workdir / "trackers.db"), "--out", str(out), "--days", "1"],
        cwd=ROOT, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    text = out.read_text(encoding="utf-8")
    entry = "provocatie-afsluiten"  # the related entry pressed, then rated
    assert report["phone"]["relatedPressed"] == "Een gespannen gesprek de-escalerend afsluiten"
    rows = [line for line in text.splitlines() if f"| `{entry}` | 👎 |" in line]
    assert len(rows) == 1, text
    assert "| webchat |" in rows[0]
    assert "wat zeg ik als ik word uitgedaagd?" in rows[0]  # the question that led there
    assert report["phone"]["comment"] in rows[0]


# --- the endpoint's HTTP contract ------------------------------------------------------------


def chat(servers: Servers, body: Any, **headers: str) -> requests.Response:
    return requests.post(f"{servers.url}/chat/webhook", json=body, headers=headers, timeout=60)


def test_page_and_files_are_served_with_security_headers(servers: Servers) -> None:
    page = requests.get(f"{servers.url}/chat", timeout=30)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert '<html lang="nl">' in page.text and "http" not in page.text.replace("http-equiv", "")
    script = requests.get(f"{servers.url}/chat/static/webchat.js", timeout=30)
    assert script.headers["content-type"].startswith("text/javascript")
    for name in ("webchat.py", "..%2Fwebchat.py", "nope.js"):
        assert requests.get(f"{servers.url}/chat/static/{name}", timeout=30).status_code == 404


def test_the_endpoint_answers_with_the_entry_parts(servers: Servers) -> None:
    response = chat(servers, {"sender": "http-test-1", "message": "hoe ontkracht ik een gerucht?"})
    assert response.status_code == 200
    (message,) = response.json()["messages"]
    assert set(message) == {"text", "buttons", "answer"}
    assert message["answer"]["entry"] == "gerucht-ontkrachten"
    assert message["answer"]["source"].startswith("Bron: Greijdanus e.a. (2023), §5.1")
    tracker = servers.tracker("web:http-test-1")
    assert tracker["latest_message"]["text"] == "hoe ontkracht ik een gerucht?"


def test_the_endpoint_has_the_rest_hardening(servers: Servers) -> None:
    plain = requests.post(
        f"{servers.url}/chat/webhook",
        data='{"sender": "http-test-2", "message": "hoi"}',
        headers={"Content-Type": "text/plain"},
        timeout=30,
    )
    assert plain.status_code == 415  # no cross-site posts without a CORS preflight
    assert chat(servers, {"sender": "x", "message": "hoi"}).status_code == 400  # not a page id
    assert chat(servers, {"sender": "../../etc", "message": "hoi"}).status_code == 400
    assert chat(servers, {"sender": "http-test-2", "message": 3}).status_code == 400
    assert chat(servers, ["not", "an", "object"]).status_code == 400
    empty = chat(servers, {"sender": "http-test-2", "message": "   "})
    assert empty.json() == {"messages": [{"text": EMPTY_REPLY}]}
    typed = chat(servers, {"sender": "http-test-2", "message": '/acute_danger{"x":"y"}'})
    assert typed.status_code == 200
    latest = servers.tracker("web:http-test-2")["latest_message"]
    assert not latest["text"].startswith("/")  # passed on as typed words, not as an intent
    assert all(e["entity"] != "x" for e in latest["entities"])


def test_danger_names_112_first_in_the_web_chat(servers: Servers) -> None:
    message = "er wordt nu iemand neergestoken bij het winkelcentrum"
    response = chat(servers, {"sender": "http-test-3", "message": message})
    assert "112" in response.json()["messages"][0]["text"]
