"""Sign-in pages of the web chat, when ``WEGWIJZER_WEBCHAT_AUTH=oidc`` (docs/webchat.md).

Routes, under the web chat's ``/chat``:

- ``GET /chat/auth/login``: starts a sign-in (:class:`bot.channels.oidc.OidcClient`), keeps
  its PKCE verifier and nonce in the state database under the ``state`` value
  (:class:`bot.channels.web_sessions.WebSessions`), binds the ``state`` to this browser with
  a short-lived cookie, and redirects to the provider.
- ``GET /chat/auth/callback``: the provider's answer. The ``state`` must be this browser's
  and unused; the code is exchanged and the ID token verified; the account must be admitted
  (:func:`bot.channels.oidc.admitted`). Then a new session: a random value in the cookie
  :data:`SESSION_COOKIE` (``__Host-``, ``Secure``, ``HttpOnly``, ``SameSite=Lax``), a keyed
  hash of it in the database, and a redirect to the chat.
- ``POST /chat/auth/logout``: ends the session in the database (every replica) and clears
  the cookie, then sends the browser to the provider's end-session page when it has one
  (which returns to the next page), else straight there.
- ``GET /chat/auth/signed-out``: "Je bent afgemeld", with a link to sign in again.

Every page of its own names 112 first: someone who cannot get in may be in a hurry.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.oidc import (
    SIGNED_OUT_PATH,
    OidcClient,
    SignInError,
    SignInSettings,
    admitted,
)
from bot.channels.web_sessions import LOGIN_SECONDS, WebSessions, user_key

logger = logging.getLogger(__name__)

SESSION_COOKIE = "__Host-wegwijzer-sessie"
LOGIN_COOKIE = "__Host-wegwijzer-aanmelding"
LOGIN_PATH = "/chat/auth/login"
LOGOUT_PATH = "/chat/auth/logout"
CHAT_PATH = "/chat"
NOTICE = Template((Path(__file__).with_name("webchat") / "notice.html").read_text("utf-8"))
SENDER_PREFIX = "web:"
USER_KEY_LENGTH = 32  # hex characters of the user's keyed hash in the conversation key

# (status, title, text, link text, link) for each page of the sign-in's own.
TRY_AGAIN = ("Opnieuw aanmelden", LOGIN_PATH)
PAGES: dict[str, tuple[int, str, str, str, str]] = {
    "signed_out": (200, "Je bent afgemeld", "Je bent afgemeld bij Wegwijzer.", *TRY_AGAIN),
    "refused": (
        403,
        "Geen toegang",
        "Je bent aangemeld, maar dit account heeft geen toegang tot Wegwijzer. "
        "Vraag je functioneel beheerder om toegang.",
        *TRY_AGAIN,
    ),
    "expired": (
        400,
        "Aanmelden is verlopen",
        "Deze aanmelding is verlopen of hoort bij een ander venster. Probeer het opnieuw.",
        *TRY_AGAIN,
    ),
    "cancelled": (
        400,
        "Aanmelden is afgebroken",
        "Het aanmelden is niet afgerond. Probeer het opnieuw.",
        *TRY_AGAIN,
    ),
    "unavailable": (
        502,
        "Aanmelden is niet gelukt",
        "Het aanmelden kon niet worden afgerond, of de aanmeldservice van je organisatie is "
        "nu niet bereikbaar. Probeer het zo opnieuw.",
        *TRY_AGAIN,
    ),
}


def conversation_key(user: str) -> str:
    """The web chat's conversation key of a signed-in account: derived from it alone, so
    no one else's browser can name it."""
    return SENDER_PREFIX + user[:USER_KEY_LENGTH]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _set_cookie(resp: HTTPResponse, name: str, value: str, max_age: int) -> None:
    resp.cookies[name] = value
    cookie = resp.cookies[name]
    cookie["path"] = "/"  # required by the __Host- prefix, as are Secure and no Domain
    cookie["secure"] = True
    cookie["httponly"] = True
    cookie["samesite"] = "Lax"  # sent on the provider's redirect back, not on others' posts
    cookie["max-age"] = max_age


class WebchatSignIn:
    """The web chat's sign-in: settings, the provider, and the sessions."""

    def __init__(self, settings: SignInSettings, sessions: WebSessions, client: OidcClient) -> None:
        self.settings = settings
        self.sessions = sessions
        self.client = client

    @classmethod
    def from_environment(cls) -> WebchatSignIn | None:
        """Configured from ``WEGWIJZER_WEBCHAT_AUTH`` and friends; None when sign-in is off.
        Raises :class:`bot.channels.oidc.ConfigurationError` when it is on but incomplete."""
        settings = SignInSettings.from_environment()
        if settings is None:
            return None
        return cls(settings, WebSessions.from_environment(), OidcClient(settings))

    @property
    def form_action(self) -> str:
        """The CSP ``form-action`` sources: the sign-out form ends at the provider."""
        return f"'self' {_origin(self.settings.issuer)}"

    def user(self, request: Request) -> str | None:
        """The signed-in account of this request (its keyed user hash), else None."""
        return self.sessions.user(request.cookies.get(SESSION_COOKIE))

    def page(self, name: str) -> HTTPResponse:
        """One of :data:`PAGES`, in Dutch, with the 112 line first."""
        status, title, text, link_text, link = PAGES[name]
        body = NOTICE.substitute(title=title, text=text, link=link, link_text=link_text)
        return response.html(body, status=status)

    def add_routes(self, chat: Blueprint) -> None:
        """Register the sign-in routes on the web chat's blueprint (prefix ``/chat``)."""

        @chat.route("/auth/login", methods=["GET"])
        async def login(request: Request) -> HTTPResponse:
            try:
                authorization = await asyncio.to_thread(self.client.authorization)
            except SignInError as error:
                logger.warning("web chat sign-in unavailable: %s", error)
                return self.page("unavailable")
            self.sessions.save_login(
                authorization.state, authorization.code_verifier, authorization.nonce
            )
            resp = response.redirect(authorization.url, status=302)
            _set_cookie(resp, LOGIN_COOKIE, authorization.state, LOGIN_SECONDS)
            return resp

        @chat.route("/auth/callback", methods=["GET"])
        async def callback(request: Request) -> HTTPResponse:
            state = request.args.get("state") or ""
            bound = request.cookies.get(LOGIN_COOKIE) or ""
            if not state or not hmac.compare_digest(state.encode(), bound.encode()):
                return self.page("expired")
            pending = self.sessions.take_login(state)
            if pending is None:
                return self.page("expired")
            code = request.args.get("code")
            if request.args.get("error") or not code:
                return self.page("cancelled")
            try:
                claims = await asyncio.to_thread(
                    self.client.claims, code, pending["code_verifier"], pending["nonce"]
                )
            except SignInError as error:
                logger.warning("web chat sign-in failed: %s", error)
                return self.page("unavailable")
            if not admitted(claims, self.settings):
                logger.info("web chat sign-in refused: account not on the allow-list")
                resp = self.page("refused")
            else:
                user = user_key(self.sessions.secret, self.settings.issuer, str(claims["sub"]))
                token = self.sessions.open(user, self.settings.session_hours)
                logger.info("web chat sign-in")
                resp = response.redirect(CHAT_PATH, status=303)
                _set_cookie(resp, SESSION_COOKIE, token, int(self.settings.session_hours * 3600))
            _set_cookie(resp, LOGIN_COOKIE, "", 0)
            return resp

        @chat.route("/auth/logout", methods=["POST"])
        async def logout(request: Request) -> HTTPResponse:
            self.sessions.close(request.cookies.get(SESSION_COOKIE))
            elsewhere = await asyncio.to_thread(self.client.logout_url)
            resp = response.redirect(elsewhere or SIGNED_OUT_PATH, status=303)
            _set_cookie(resp, SESSION_COOKIE, "", 0)
            return resp

        @chat.route("/auth/signed-out", methods=["GET"])
        async def signed_out(request: Request) -> HTTPResponse:
            return self.page("signed_out")
