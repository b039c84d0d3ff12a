"""Web chat sign-in (``WEGWIJZER_WEBCHAT_AUTH=oidc``) end to end: the real assistant (Rasa
and action server, tests/servers.py) against a real OpenID Connect provider that the test
starts (tests/oidc_provider.py), first over HTTP as a browser would talk to both (cookies
handled by hand, since ``requests`` keeps ``Secure`` cookies to https), then in Debian's
headless Chromium (tests/webchat/signin.mjs).

Users at the provider: anna (allowed by her e-mail domain), bram (another domain, but in an
allowed group) and eve (neither).
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from bot.channels.web_sessions import user_key
from bot.channels.webchat_signin import LOGIN_COOKIE, SESSION_COOKIE, conversation_key
from scripts.operate.services import free_port
from tests.oidc_provider import OidcProvider, oidc_provider
from tests.render import require_chromium
from tests.servers import Servers, running
from tests.webchat import sign_in_in_browser

pytestmark = pytest.mark.model

SECRET = secrets.token_hex(32)
REST_TOKEN = secrets.token_hex(16)
CLIENT_ID = "wegwijzer-test"
USERS = {
    "anna": {"email": "anna@gemeente.example", "name": "Anna Jansen"},
    "bram": {"email": "bram@politie.example", "groups": ["wegwijzer-gebruikers"]},
    "eve": {"email": "eve@elders.example"},
}
QUESTION = "wat zeg ik als ik word uitgedaagd?"
SOURCE = "Bron: Greijdanus e.a. (2023), §4.2"


@dataclass(frozen=True)
class Setup:
    servers: Servers
    provider: OidcProvider
    url: str  # the chat as people open it: http://localhost:<port>

    def key(self, sub: str) -> str:
        """The conversation key the chat must use for ``sub``."""
        return conversation_key(user_key(SECRET.encode(), self.provider.issuer, sub))


@pytest.fixture(scope="module")
def setup(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    workdir = tmp_path_factory.mktemp("signin")
    with oidc_provider(workdir, USERS) as provider:
        port = free_port()
        url = f"http://localhost:{port}"
        environment = {
            "WEGWIJZER_WEBCHAT_AUTH": "oidc",
            "WEGWIJZER_OIDC_ISSUER": provider.issuer,
            "WEGWIJZER_OIDC_CLIENT_ID": CLIENT_ID,
            "WEGWIJZER_OIDC_CLIENT_SECRET": "not-checked-by-the-test-provider",
            "WEGWIJZER_PUBLIC_URL": url,
            "WEGWIJZER_WEBCHAT_ALLOWED_DOMAINS": "gemeente.example",
            "WEGWIJZER_WEBCHAT_ALLOWED_GROUPS": "wegwijzer-gebruikers",
            "WEGWIJZER_STATE_SECRET": SECRET,
            "WEGWIJZER_REST_TOKEN": REST_TOKEN,
        }
        with running(model_path, workdir, environment, port=port) as servers:
            yield Setup(servers, provider, url)


def set_cookies(response: requests.Response) -> dict[str, Any]:
    """The cookies a response sets, with their attributes (``http.cookies.Morsel``)."""
    jar: SimpleCookie = SimpleCookie()
    for header in response.raw.headers.getlist("Set-Cookie"):
        jar.load(header)
    return dict(jar)


def start_sign_in(setup: Setup) -> tuple[str, str]:
    """GET /chat/auth/login: (the provider's authorization URL, the login cookie's value)."""
    response = requests.get(f"{setup.url}/chat/auth/login", allow_redirects=False, timeout=30)
    assert response.status_code == 302, response.text
    return response.headers["location"], set_cookies(response)[LOGIN_COOKIE].value


def at_provider(authorization_url: str, sub: str) -> str:
    """The provider's form submitted for ``sub``: where it sends the browser back."""
    response = requests.post(
        authorization_url, data={"sub": sub}, allow_redirects=False, timeout=30
    )
    assert response.status_code == 302, response.text
    return str(response.headers["location"])


def callback(callback_url: str, login_cookie: str) -> requests.Response:
    return requests.get(
        callback_url, headers={"Cookie": f"{LOGIN_COOKIE}={login_cookie}"},
        allow_redirects=False, timeout=60,
    )  # fmt: skip


def sign_in(setup: Setup, sub: str) -> str:
    """The whole sign-in for ``sub``; returns the session cookie's value."""
    authorization_url, login_cookie = start_sign_in(setup)
    response = callback(at_provider(authorization_url, sub), login_cookie)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/chat"
    return str(set_cookies(response)[SESSION_COOKIE].value)


def chat(
    setup: Setup, session: str | None, message: str, sender: str = "pagina-1234"
) -> requests.Response:
    headers = {"Cookie": f"{SESSION_COOKIE}={session}"} if session is not None else {}
    return requests.post(
        f"{setup.url}/chat/webhook", json={"sender": sender, "message": message},
        headers=headers, timeout=120,
    )  # fmt: skip


def user_texts(setup: Setup, key: str) -> list[str]:
    events = setup.servers.tracker(key)["events"]
    return [e["text"] for e in events if e["event"] == "user"]


def conversation_keys(setup: Setup) -> set[str]:
    with sqlite3.connect(setup.servers.workdir / "trackers.db") as db:
        return {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}


# --- not signed in -------------------------------------------------------------------------


def test_without_a_session_the_page_sends_people_to_sign_in(setup: Setup) -> None:
    response = requests.get(f"{setup.url}/chat", allow_redirects=False, timeout=30)
    assert response.status_code == 302
    assert response.headers["location"] == "/chat/auth/login"


def test_sign_in_starts_the_code_flow_with_pkce_and_a_nonce(setup: Setup) -> None:
    authorization_url, login_cookie = start_sign_in(setup)
    assert authorization_url.startswith(f"{setup.provider.issuer}/oauth2/authorize?")
    query = {k: v[0] for k, v in parse_qs(urlsplit(authorization_url).query).items()}
    assert query["response_type"] == "code"
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == f"{setup.url}/chat/auth/callback"
    assert "openid" in query["scope"].split()
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert len(query["nonce"]) >= 16 and len(query["state"]) >= 16
    assert login_cookie == query["state"]  # bound to this browser


def test_the_chat_endpoint_refuses_without_a_valid_session(setup: Setup) -> None:
    before = conversation_keys(setup)
    for session in (None, "", secrets.token_urlsafe(32)):
        response = chat(setup, session, "ik heb een vraag over drill")
        assert response.status_code == 401
        assert response.json()["login"] == "/chat/auth/login"
    assert conversation_keys(setup) == before  # nothing reached Rasa


# --- signing in ---------------------------------------------------------------------------


def test_a_signed_in_colleague_chats_in_a_conversation_of_their_own(setup: Setup) -> None:
    authorization_url, login_cookie = start_sign_in(setup)
    response = callback(at_provider(authorization_url, "anna"), login_cookie)
    assert response.status_code == 303
    cookies = set_cookies(response)
    session = cookies[SESSION_COOKIE]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert session["path"] == "/" and not session["domain"]
    assert int(session["max-age"]) == 8 * 3600
    assert cookies[LOGIN_COOKIE]["max-age"] == "0"  # the login cookie is cleared

    page = requests.get(
        f"{setup.url}/chat", headers={"Cookie": f"{SESSION_COOKIE}={session.value}"}, timeout=30
    )
    assert page.status_code == 200
    assert 'action="/chat/auth/logout">' in page.text  # the sign-out button is shown
    # the sign-out form may end at the provider's end-session page, and nowhere else
    csp = page.headers["content-security-policy"]
    assert f"form-action 'self' {setup.provider.issuer};" in csp

    answer = chat(setup, session.value, QUESTION)
    assert answer.status_code == 200
    assert any(SOURCE in (m.get("text") or "") for m in answer.json()["messages"])
    assert QUESTION in user_texts(setup, setup.key("anna"))


def test_one_persons_conversation_is_never_reachable_by_another(setup: Setup) -> None:
    anna, bram = sign_in(setup, "anna"), sign_in(setup, "bram")
    chat(setup, anna, "hoe ontkracht ik een gerucht?", sender="anna-pagina-1")
    # bram sends anna's page id, and another one: both land in bram's conversation
    chat(setup, bram, "wat is een jongerenwerker?", sender="anna-pagina-1")
    chat(setup, bram, "help", sender="nog-een-pagina")
    anna_texts, bram_texts = (
        user_texts(setup, setup.key("anna")),
        user_texts(setup, setup.key("bram")),
    )
    assert "hoe ontkracht ik een gerucht?" in anna_texts
    assert "wat is een jongerenwerker?" not in anna_texts and "help" not in anna_texts
    assert {"wat is een jongerenwerker?", "help"} <= set(bram_texts)
    # nor through the REST channel: closed without its token, and never for a web: key
    rest = f"{setup.url}/webhooks/rest/webhook"
    body = {"sender": setup.key("anna"), "message": "wat was mijn laatste vraag?"}
    assert requests.post(rest, json=body, timeout=30).status_code == 403
    with_token = {"Authorization": f"Bearer {REST_TOKEN}"}
    assert requests.post(rest, json=body, headers=with_token, timeout=30).status_code == 400
    assert "wat was mijn laatste vraag?" not in user_texts(setup, setup.key("anna"))
    ok = requests.post(
        rest, json={"sender": "rest-1", "message": "help"}, headers=with_token, timeout=60
    )
    assert ok.status_code == 200 and ok.json()


def test_a_tampered_or_made_up_session_cookie_is_refused(setup: Setup) -> None:
    anna = sign_in(setup, "anna")
    flipped = anna[:-1] + ("A" if anna[-1] != "A" else "B")
    for forged in (flipped, anna + "x", anna[:-4], setup.key("anna")):
        assert chat(setup, forged, "help").status_code == 401
        page = requests.get(
            f"{setup.url}/chat", headers={"Cookie": f"{SESSION_COOKIE}={forged}"},
            allow_redirects=False, timeout=30,
        )  # fmt: skip
        assert page.status_code == 302
    assert chat(setup, anna, "help").status_code == 200


def test_the_callback_belongs_to_this_browser_and_is_used_once(setup: Setup) -> None:
    authorization_url, login_cookie = start_sign_in(setup)
    back = at_provider(authorization_url, "anna")
    _, other_cookie = start_sign_in(setup)
    refused = callback(back, other_cookie)  # another browser's sign-in (login CSRF)
    assert refused.status_code == 400 and "verlopen" in refused.text
    assert "Bel 112" in refused.text
    assert SESSION_COOKIE not in set_cookies(refused)
    assert callback(back, login_cookie).status_code == 303
    replayed = callback(back, login_cookie)
    assert replayed.status_code == 400 and SESSION_COOKIE not in set_cookies(replayed)


def test_a_made_up_code_is_not_a_sign_in(setup: Setup) -> None:
    authorization_url, login_cookie = start_sign_in(setup)
    back = at_provider(authorization_url, "anna")
    forged = back.replace("code=", "code=x", 1)
    response = callback(forged, login_cookie)
    assert response.status_code == 502 and "niet gelukt" in response.text
    assert SESSION_COOKIE not in set_cookies(response)


def test_the_allow_list_admits_by_domain_or_group_and_refuses_others(setup: Setup) -> None:
    assert sign_in(setup, "bram")  # politie.example, but in the allowed group
    authorization_url, login_cookie = start_sign_in(setup)
    refused = callback(at_provider(authorization_url, "eve"), login_cookie)
    assert refused.status_code == 403
    assert "geen toegang" in refused.text and "Bel 112" in refused.text
    assert SESSION_COOKIE not in set_cookies(refused)


def test_signing_out_ends_the_session_everywhere(setup: Setup) -> None:
    anna = sign_in(setup, "anna")
    assert chat(setup, anna, "help").status_code == 200
    response = requests.post(
        f"{setup.url}/chat/auth/logout", headers={"Cookie": f"{SESSION_COOKIE}={anna}"},
        allow_redirects=False, timeout=30,
    )  # fmt: skip
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith(f"{setup.provider.issuer}/oauth2/end_session?")
    query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    assert query["post_logout_redirect_uri"] == f"{setup.url}/chat/auth/signed-out"
    assert query["client_id"] == CLIENT_ID
    assert set_cookies(response)[SESSION_COOKIE]["max-age"] == "0"
    assert chat(setup, anna, "help").status_code == 401  # the old cookie is worth nothing
    signed_out = requests.get(f"{setup.url}/chat/auth/signed-out", timeout=30)
    assert "Je bent afgemeld" in signed_out.text


def test_no_name_or_e_mail_address_of_a_signed_in_person_is_stored(setup: Setup) -> None:
    sign_in(setup, "anna")
    with sqlite3.connect(setup.servers.workdir / "progress.db") as db:
        rows = db.execute("SELECT * FROM web_signin").fetchall()
    dumped = repr(rows)
    assert rows
    for value in ("anna", "Anna Jansen", "gemeente.example"):
        assert value not in dumped
    log = (setup.servers.workdir / "servers.log").read_text(errors="replace")
    assert "anna@gemeente.example" not in log and "Anna Jansen" not in log


# --- in the browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser_report(setup: Setup) -> dict[str, Any]:
    require_chromium("sign-in not tried in a browser")
    return sign_in_in_browser(setup.url, setup.provider.issuer)


def test_in_the_browser_a_person_signs_in_chats_and_signs_out(
    setup: Setup, browser_report: dict[str, Any]
) -> None:
    report = browser_report
    assert report["pageErrors"] == []
    assert report["firstUrl"].startswith(f"{setup.provider.issuer}/oauth2/authorize")
    assert report["afterSignIn"] == f"{setup.url}/chat"
    assert report["signOutVisible"] is True
    assert SOURCE in report["answer"]
    cookie = report["sessionCookie"]
    assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Lax"
    assert SESSION_COOKIE not in report["documentCookie"]  # out of reach of scripts
    assert report["afterSignOut"] == f"{setup.url}/chat/auth/signed-out"
    assert "Je bent afgemeld" in report["signedOutText"]
    # a tab left open says the message was not sent, with 112 first and a way back in
    stale = report["staleTabText"]
    assert stale.index("Bel 112") < stale.index("niet meer aangemeld")
    assert report["staleTabLink"] == "/chat/auth/login"
    assert report["afterSignOutChat"].startswith(f"{setup.provider.issuer}/oauth2/authorize")
    assert report["oldCookieStatus"] == 401


def test_in_the_browser_a_forged_or_foreign_session_gets_nowhere(
    setup: Setup, browser_report: dict[str, Any]
) -> None:
    report = browser_report
    assert report["tamperedUrl"].startswith(f"{setup.provider.issuer}/oauth2/authorize")
    assert report["foreignStatus"] == 200  # bram's own conversation, with anna's page id
    assert report["refusedStatus"] == 403 and "geen toegang" in report["refusedText"]
    anna = user_texts(setup, setup.key("anna"))
    assert report["question"] in anna and report["foreignMessage"] not in anna
    assert report["foreignMessage"] in user_texts(setup, setup.key("bram"))
