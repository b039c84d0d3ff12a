"""The web chat's files and wiring, without servers (the browser test is
tests/integration/test_webchat_browser.py)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.channels.webchat import FILES, SIGN_OUT_HIDDEN, STATIC, WebchatInput, page_message

ROOT = Path(__file__).resolve().parents[2]
_EXTERNAL = re.compile(r"""(https?:)?//[a-z0-9.-]+\.[a-z]{2,}|@import|url\(""", re.IGNORECASE)


def test_every_served_file_exists_and_nothing_else_is_in_the_folder() -> None:
    # notice.html is the sign-in's page template (bot/channels/webchat_signin.py), not served
    assert {p.name for p in STATIC.iterdir()} == set(FILES) | {"notice.html"}


def test_without_sign_in_the_sign_out_button_is_hidden() -> None:
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    assert SIGN_OUT_HIDDEN in page


def test_the_page_loads_nothing_from_elsewhere() -> None:
    for name in ("index.html", "webchat.js", "webchat.css", "notice.html"):
        text = (STATIC / name).read_text(encoding="utf-8")
        assert not _EXTERNAL.search(text), name
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in page
    assert "<script>" not in page and "style=" not in page  # the CSP allows no inline code


def test_the_page_gets_only_text_buttons_and_entry_parts() -> None:
    message = {"recipient_id": "web:x", "text": "t", "buttons": [], "answer": {"entry": "e"},
               "custom": {"x": 1}, "image": "http://example.org/x.png"}  # fmt: skip
    assert page_message(message) == {"text": "t", "answer": {"entry": "e"}}


def test_the_channel_is_registered_and_served_at_chat() -> None:
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    assert "bot.channels.webchat.WebchatInput" in credentials
    assert WebchatInput().url_prefix() == "/chat"


def test_make_run_prints_the_chat_address() -> None:
    run = (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
    assert "http://localhost:$RASA_PORT/chat" in run
