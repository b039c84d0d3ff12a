"""The web chat: a chat page for the browser, served by the assistant itself.

Registered in credentials.yml as ``bot.channels.webchat.WebchatInput``. Everything lives
under ``/chat`` (not under ``/webhooks/…``, so the address is easy to type):

- ``GET /chat``: the page (Dutch, works on a phone, keyboard and screen-reader friendly);
- ``GET /chat/static/<file>``: its script, style sheet and icon, from
  ``bot/channels/webchat/`` (vanilla JS, no build step, nothing from another site);
- ``POST /chat/webhook``: ``{"sender": "<id>", "message": "…"}`` answered with
  ``{"messages": [...]}``, each message with ``text``, ``buttons`` and, for an entry's
  answer, its parts under ``answer`` (:meth:`bot.render.EntryView.as_dict`), so the page lays
  out the short answer, steps, example sentences and source line itself; a question sent to
  the experts is marked ``waiting: true`` and a colleague's answer ``colleague: true``
  (issue 20);
- ``POST /chat/answers``: ``{"sender": "<id>"}`` answered with ``{"messages": [...]}``: the
  colleagues' answers to this conversation's questions that arrived since (each once). The
  page asks every :data:`POLL_SECONDS` while it waits for one, so an answer appears without
  typing (the next message brings it as well).

The endpoint has the REST channel's hardening (:func:`bot.channels.rest.parse_message`):
bad input gets a 400, typed text cannot trigger intents, long messages are cut, 112 comes
first (:func:`bot.safety.emergency_first`), and a turn without a reply gets a Dutch line.
In addition it only accepts ``Content-Type: application/json`` (so another site cannot post
to it from a visitor's browser without a CORS preflight, which Rasa refuses by default) and
a sender id as the page makes one (a random id). Every response carries a Content Security
Policy that allows only this server.

Sign-in (:mod:`bot.channels.webchat_signin`): off by default, which is right on one's own
machine; with ``WEGWIJZER_WEBCHAT_AUTH=oidc`` the page redirects to the organisation's
identity provider until the browser has a session, the endpoint answers 401 without one,
and the conversation key is derived from the signed-in account alone
(:func:`bot.channels.webchat_signin.conversation_key`), whatever sender id the page sends.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.rest import (
    EMPTY_REPLY,
    TurnOutput,
    answer_turn,
    bad_request,
    limit_body_size,
    parse_message,
)
from bot.channels.webchat_signin import (
    LOGIN_PATH,
    SENDER_PREFIX,
    WebchatSignIn,
    conversation_key,
)
from bot.experts.desk import default_desk

logger = logging.getLogger(__name__)

CHAT_PATH = "/chat"
STATIC = Path(__file__).with_name("webchat")
# The files the page needs, and nothing else: no directory listing, no path from the URL.
FILES: dict[str, str] = {
    "index.html": "text/html; charset=utf-8",
    "webchat.js": "text/javascript; charset=utf-8",
    "webchat.css": "text/css; charset=utf-8",
    "icon.svg": "image/svg+xml",
}
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action {form_action}; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP.format(form_action="'self'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
SIGN_OUT_HIDDEN = (
    '<form id="afmelden" class="signout" method="post" action="/chat/auth/logout" hidden>'
)

SENDER = re.compile(r"^[A-Za-z0-9-]{8,64}$")
MESSAGE_KEYS = ("text", "buttons", "answer", "waiting", "colleague")
POLL_SECONDS = 15  # webchat.js asks /chat/answers this often while it waits (keep equal)


def _secured(resp: HTTPResponse, headers: dict[str, str] = SECURITY_HEADERS) -> HTTPResponse:
    resp.headers.update(headers)
    return resp


def _file(name: str) -> HTTPResponse:
    if name not in FILES:
        return _secured(response.text("Niet gevonden.", status=404))
    body = (STATIC / name).read_bytes()
    return _secured(response.raw(body, content_type=FILES[name]))


def _signed_in_page(headers: dict[str, str]) -> HTTPResponse:
    """The chat page with its sign-out button shown."""
    body = (STATIC / "index.html").read_text("utf-8")
    body = body.replace(SIGN_OUT_HIDDEN, SIGN_OUT_HIDDEN.replace(" hidden>", ">"))
    return _secured(response.html(body), headers)


def page_message(message: dict[str, Any]) -> dict[str, Any]:
    """A bot message as the page receives it: only text, buttons and an entry's parts."""
    return {key: message[key] for key in MESSAGE_KEYS if message.get(key)}


def _messages(messages: list[dict[str, Any]]) -> HTTPResponse:
    return _secured(response.json({"messages": [page_message(m) for m in messages]}))


class WebchatOutput(TurnOutput):
    """Collects Rasa's bot messages whole, including an entry's parts under ``answer``."""

    @classmethod
    def name(cls) -> str:
        return "webchat"

    async def collect(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.messages.append({"recipient_id": recipient_id, **message})


class WebchatInput(InputChannel):
    """The page, its files, and the JSON endpoint it talks to."""

    def __init__(self, signin: WebchatSignIn | None = None) -> None:
        self.signin = signin

    @classmethod
    def name(cls) -> str:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Sign-in comes from the environment (docs/webchat.md), never from credentials.yml;
        a sign-in that is switched on but incomplete stops the server here."""
        return cls(WebchatSignIn.from_environment())

    def url_prefix(self) -> str:
        # Rasa joins this onto "/webhooks/"; an absolute path puts the page at /chat.
        return CHAT_PATH

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        chat = Blueprint("wegwijzer_webchat", __name__)
        limit_body_size(chat)
        signin = self.signin
        headers = SECURITY_HEADERS
        if signin is not None:
            signin.add_routes(chat)
            csp = CSP.format(form_action=signin.form_action)
            headers = {**SECURITY_HEADERS, "Content-Security-Policy": csp}

        @chat.route("", methods=["GET"])
        async def page(request: Request) -> HTTPResponse:
            if signin is None:
                return _file("index.html")
            if signin.user(request) is None:
                return _secured(response.redirect(LOGIN_PATH, status=302))
            return _signed_in_page(headers)

        @chat.route("/static/<name>", methods=["GET"])
        async def static(request: Request, name: str) -> HTTPResponse:
            return _file(name)

        def conversation(request: Request, page_id: str) -> str | HTTPResponse:
            """The conversation key for the page's id (or the signed-in account), or the
            response refusing the request."""
            content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
            if content_type.lower() != "application/json":
                return _secured(response.json({"error": "expected application/json"}, 415))
            if not SENDER.match(page_id):
                return _secured(bad_request("'sender' must be the page's random id"))
            if signin is None:
                return SENDER_PREFIX + page_id
            user = signin.user(request)
            if user is None:
                body = {"error": "sign in first", "login": LOGIN_PATH}
                return _secured(response.json(body, status=401))
            return conversation_key(user)

        @chat.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            parsed = parse_message(request)
            if isinstance(parsed, HTTPResponse):
                return _secured(parsed)
            page_id, text = parsed
            sender = conversation(request, page_id)
            if isinstance(sender, HTTPResponse):
                return sender
            if not text:
                return _messages([{"text": EMPTY_REPLY}])
            message = UserMessage(text, WebchatOutput(), sender, input_channel=self.name())
            return _messages(await answer_turn(on_new_message, message))

        @chat.route("/answers", methods=["POST"])
        async def answers(request: Request) -> HTTPResponse:
            parsed = parse_message(request, message_required=False)
            if isinstance(parsed, HTTPResponse):
                return _secured(parsed)
            sender = conversation(request, parsed[0])
            if isinstance(sender, HTTPResponse):
                return sender
            desk = default_desk()
            return _messages(await desk.answers_for(sender) if desk is not None else [])

        return chat
