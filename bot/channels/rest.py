"""The REST channel, hardened: ``POST /webhooks/rest/webhook`` with
``{"sender": "...", "message": "..."}``, answered with a JSON list of bot messages, as
Rasa's own ``rest`` channel (which it replaces in credentials.yml, same URL and shape).

What it adds:

- **Bad input gets a 4xx or a Dutch reply, never a 5xx.** A body that is not UTF-8 JSON, or
  a sender or message that is not a string, gets 400. An empty or whitespace-only message
  gets a short Dutch reply without touching the conversation. Control characters are
  removed and long messages cut to :data:`MAX_MESSAGE_LENGTH` characters.
- **Typed text cannot trigger intents.** Button payloads (``/show_entry{...}``) pass only
  for the intents our buttons send; other ``/…`` text is treated as typed words
  (:mod:`bot.channels.commands`).
- **112 first, whatever the answer.** When a message reads as danger now
  (:func:`bot.safety.emergency_first`), the emergency line comes first, also before fixed
  responses such as "daar kan ik je niet mee helpen".
- **👍/👎 on every answer.** An entry's answer (sent with its parts under ``answer``) gets
  the two feedback buttons after its own (:func:`bot.render.feedback_buttons`); after a 👎
  the next message is kept as a comment (data/rules/feedback.yml).
- **No silence.** If a turn produces no reply at all (the action server is down) or fails
  (Redis or the database is down), the user gets :data:`UNAVAILABLE`, after the 112 line
  when the message reads as danger now, and the same conversation works again once it is
  back.
- **Questions to colleagues** (issue 20, :mod:`bot.experts.desk`): when the experts' channel
  is configured, replies that say the report has no answer (and the question after a 👎)
  offer *Vraag het een collega* (:data:`OFFER_AFTER`); a question sent by
  ``action_expert_send`` becomes a ticket and a card in the experts' channel, and answers
  waiting for this conversation are added to the turn's replies.
- **Counted, never read.** Every turn is counted for ``/metrics`` (:mod:`bot.metrics`).
- **Its own conversations only.** A sender that names another channel's conversation
  (:data:`OTHER_CHANNELS`: ``teams:…``, ``bf-…``, ``web:…``) gets 400, so nobody reaches a
  Teams or web chat user's conversation through this channel.
- **Closed when the web chat requires sign-in.** With ``WEGWIJZER_WEBCHAT_AUTH=oidc`` the
  channel would be a way around the sign-in: it then answers 403, unless
  ``WEGWIJZER_REST_TOKEN`` is set and sent as ``Authorization: Bearer …`` (for load tests and
  integrations of the organisation's own).

:func:`answer_turn` is what the web chat and Teams use for the same steps.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import re
import time
import unicodedata
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import metrics
from bot.channels.commands import MAX_TEXT_LENGTH, button_payload, typed_text
from bot.channels.oidc import SignInSettings
from bot.experts.asking import OFFER_PAYLOAD, OFFER_TITLE
from bot.experts.desk import NOT_SENT, channel_of, default_desk, without_questions
from bot.render import feedback_buttons
from bot.safety import emergency_first

logger = logging.getLogger(__name__)

MAX_MESSAGE_LENGTH = MAX_TEXT_LENGTH  # the same limit as for typed text in every channel
MAX_SENDER_LENGTH = 128
# No request to this server needs more (a Teams activity or invoke is a few kB): Sanic
# answers 413 from the Content-Length, before reading or parsing the body (default: 100 MB).
MAX_BODY_BYTES = 1024 * 1024
EMPTY_REPLY = "Je bericht was leeg. Waarmee kan ik je helpen? Typ bijvoorbeeld 'help'."
UNAVAILABLE = (
    "Wegwijzer is tijdelijk niet beschikbaar. Probeer het zo opnieuw. "
    "Is er nu direct gevaar? Bel 112."
)
# Conversation keys of the other channels (bot.channels.teams.sender_id, the web chat).
OTHER_CHANNELS = ("teams:", "bf-", "web:")
TOKEN_VARIABLE = "WEGWIJZER_REST_TOKEN"
# Responses after which *Vraag het een collega* is offered: the report has no answer, or
# the user just gave a 👎 (the question what was missing).
OFFER_AFTER = frozenset(
    {"utter_out_of_scope", "utter_default", "utter_entry_not_found", "utter_ask_feedback_comment"}
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Normalised Unicode, no control characters (newlines and tabs kept), at most
    :data:`MAX_MESSAGE_LENGTH` characters."""
    text = unicodedata.normalize("NFC", text)
    return _CONTROL.sub(" ", text)[:MAX_MESSAGE_LENGTH].strip()


def message_for_rasa(text: str) -> str:
    """What to hand to Rasa: a button payload as is, anything else as typed text."""
    if text.startswith("/"):
        return button_payload(text) or typed_text(text)
    return typed_text(text)


def bad_request(reason: str) -> HTTPResponse:
    return response.json({"error": reason}, status=400)


def _reply(sender: str, text: str) -> HTTPResponse:
    return response.json([{"recipient_id": sender, "text": text}])


def parse_message(
    request: Request, message_required: bool = True
) -> tuple[str, str] | HTTPResponse:
    """``(sender, text for Rasa)`` from a ``{"sender": …, "message": …}`` body, or the 400
    response to send back. ``text`` is empty for an empty or whitespace-only message (or a
    missing one, unless ``message_required``). Shared by the REST channel and the web chat
    (:mod:`bot.channels.webchat`)."""
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return bad_request("expected a UTF-8 JSON body")
    if not isinstance(payload, dict):
        return bad_request("expected a JSON object")
    sender, message = payload.get("sender", "default"), payload.get("message")
    if message is None and not message_required:
        message = ""
    if not isinstance(sender, str) or not sender.strip():
        return bad_request("'sender' must be a non-empty string")
    if not isinstance(message, str):
        return bad_request("'message' must be a string")
    sender = clean_text(sender)[:MAX_SENDER_LENGTH] or "default"
    return sender, message_for_rasa(clean_text(message))


class TurnOutput(CollectingOutputChannel):
    """A collecting output that also remembers the names of the domain responses sent
    (``utter_action``, e.g. ``utter_out_of_scope``), for the metrics. Channels override
    :meth:`collect`, not ``send_response``."""

    def __init__(self) -> None:
        super().__init__()
        self.responses: list[str] = []
        # Teams: where an expert's answer goes (service URL and conversation id).
        self.reply_to: dict[str, str] | None = None

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        if isinstance(name := message.get("utter_action"), str):
            self.responses.append(name)
            if name in OFFER_AFTER and default_desk() is not None:
                offer = {"title": OFFER_TITLE, "payload": OFFER_PAYLOAD}
                message = {**message, "buttons": [*(message.get("buttons") or []), offer]}
        await self.collect(recipient_id, message)

    async def collect(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Keep ``message`` in :attr:`messages` (Rasa's REST shape by default)."""
        await super().send_response(recipient_id, message)


def limit_body_size(blueprint: Blueprint) -> None:
    """Cap every request body of the server at :data:`MAX_BODY_BYTES` when it starts (each
    of our channels calls this, so the cap holds whichever of them is configured)."""

    @blueprint.listener("before_server_start")
    async def limit(app: Any, _loop: Any) -> None:
        if app.config.REQUEST_MAX_SIZE > MAX_BODY_BYTES:
            app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES


async def answer_turn(
    on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage
) -> list[dict[str, Any]]:
    """Let Rasa handle ``message`` (whose output channel collects) and return the replies
    to send: Rasa's, or :data:`UNAVAILABLE` when there are none, with the emergency lines
    first when the text reads as danger now. Counts the turn for ``/metrics``."""
    output = message.output_channel
    assert isinstance(output, TurnOutput)
    channel, text, sender = (
        message.input_channel or "unknown",
        message.text or "",
        message.sender_id,
    )
    started = time.perf_counter()
    try:
        await on_new_message(message)
    except Exception as error:
        # Whatever failed (the lock store's Redis, the database), the user still gets an
        # answer, with 112 first when it reads as danger now. No text in the log.
        logger.error("%s: a message could not be handled (%s)", channel, type(error).__name__)
        metrics.record_error(channel)
        return emergency_first(text, [{"recipient_id": sender, "text": UNAVAILABLE}], sender)
    answered = bool(output.messages)
    if not answered:
        logger.error("%s: no reply for a message; is the action server running?", channel)
    replies = output.messages if answered else [{"recipient_id": sender, "text": UNAVAILABLE}]
    replies = await _with_experts(message, replies)
    replies = emergency_first(text, replies, sender)
    seconds = time.perf_counter() - started
    metrics.record_turn(channel, seconds, replies, output.responses, answered=answered)
    return replies


async def _with_experts(
    message: UserMessage, replies: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The replies after the experts' desk had its say (:meth:`ExpertDesk.after_turn`);
    when it fails (the database is away), the turn is still answered."""
    output = message.output_channel
    try:
        desk = default_desk()
        if desk is None:
            return without_questions(replies)
        channel = channel_of(message.input_channel)
        reply_to = output.reply_to if isinstance(output, TurnOutput) else None
        return await desk.after_turn(channel, message.sender_id, replies, reply_to)
    except Exception as error:
        logger.error("experts: the desk failed for a turn (%s)", type(error).__name__)
        return without_questions(replies, NOT_SENT)


class RestOutput(TurnOutput):
    """Rasa's collecting output, with 👍/👎 buttons added to every entry's answer."""

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        answer = kwargs.get("answer")
        if isinstance(answer, dict) and isinstance(answer.get("entry"), str):
            buttons = [*buttons, *(b.as_dict() for b in feedback_buttons(answer["entry"]))]
        await super().send_text_with_buttons(recipient_id, text, buttons, **kwargs)


class RestInput(InputChannel):
    """Rasa's REST channel contract, with the checks above."""

    def __init__(self, closed: bool = False, token: str | None = None) -> None:
        self.closed = closed  # the web chat requires sign-in: only ``token`` opens it
        self.token = token

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Closed when the web chat requires sign-in (environment, see the module doc)."""
        closed = SignInSettings.from_environment() is not None
        return cls(closed=closed, token=os.environ.get(TOKEN_VARIABLE) or None)

    def refused(self, request: Request) -> HTTPResponse | None:
        """403 when the channel is closed and the request lacks its token, else None."""
        if not self.closed:
            return None
        sent = (request.headers.get("authorization") or "").removeprefix("Bearer ").strip()
        if self.token and hmac.compare_digest(sent.encode(), self.token.encode()):
            return None
        return response.json({"error": "the REST channel is closed; use the web chat"}, 403)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        rest = Blueprint("wegwijzer_rest_webhook", __name__)
        limit_body_size(rest)

        @rest.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @rest.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if (refusal := self.refused(request)) is not None:
                return refusal
            parsed = parse_message(request)
            if isinstance(parsed, HTTPResponse):
                return parsed
            sender, text = parsed
            if sender.lower().startswith(OTHER_CHANNELS):
                return bad_request("'sender' names another channel's conversation")
            if not text:
                return _reply(sender, EMPTY_REPLY)
            message = UserMessage(text, RestOutput(), sender, input_channel="rest")
            return response.json(await answer_turn(on_new_message, message))

        return rest
