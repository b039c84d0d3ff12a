"""Microsoft Teams channel: Wegwijzer in personal chats, group chats and team channels.

Registered in credentials.yml as ``bot.channels.teams.TeamsInput``; Teams posts to
``/webhooks/teams/webhook``. Settings come from the environment (see :class:`TeamsSettings`
and docs/teams.md), so no secret is written into a file.

Every request is authenticated before anything else happens
(:mod:`bot.channels.botframework_auth`); replies go to the activity's ``serviceUrl`` with a
token from the tenant's own token endpoint (:mod:`bot.channels.botframework_client`).

What arrives, and what happens:

- ``message``: mention markup of this bot is removed, bot commands become their question and
  card button presses (``value.payload``) their intent (:mod:`bot.channels.commands`); a
  typing indicator is sent; Rasa answers; each answer goes back as an Adaptive Card
  (:mod:`bot.channels.teams_cards`) in the same conversation and thread. Conversation state
  is kept per user in a personal chat and per conversation (a channel thread has its own
  conversation id) in group chats and channels.
- an activity the Bot Framework delivers again (same id) is answered once
  (:mod:`bot.channels.once`).
- a press on a question card in the experts' channel (issue 20): handled by the experts'
  desk (:meth:`bot.experts.desk.ExpertDesk.on_submit`), not by Rasa; such a press from any
  other conversation is ignored.
- ``messageDelete`` / ``messageUpdate``: the stored text of that message is removed, or
  replaced by the redacted new text (:meth:`RedactingTrackerStore.rewrite_user_message`).
- ``conversationUpdate`` that adds this bot: a welcome card, once per conversation (kept in
  the state database, :mod:`bot.channels.once`, so that replicas agree).
- ``invoke`` ``composeExtension/query``: matching entries as preview cards;
  ``composeExtension/selectItem``: the full answer card, to insert into any chat.

Why not Rasa's ``botframework`` channel: see docs/teams.md.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import aiohttp
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import metrics
from bot.channels import teams_cards
from bot.channels.botframework_auth import AuthenticationError, BotFrameworkAuthenticator
from bot.channels.botframework_client import BotConnectorClient, BotConnectorError
from bot.channels.commands import button_payload, typed_text
from bot.channels.once import ACTIVITY, WELCOME, HandledOnce
from bot.channels.rest import TurnOutput, answer_turn, limit_body_size
from bot.channels.teams_activity import TEAMS, identity_problem, shape_problem
from bot.experts.cards import submitted
from bot.experts.desk import default_desk
from bot.knowledge.loader import default_knowledge
from bot.knowledge.search import default_index
from bot.privacy.tracker_store import redacting_store
from bot.render import entry_view

logger = logging.getLogger(__name__)

# Acknowledge a message activity within this many seconds, answered or not (the Bot Framework
# redelivers after about 15).
ACKNOWLEDGE_WITHIN = 10.0

MAX_SEARCH_RESULTS = 8
# What the messaging extension shows before anything is typed (its "initial run").
STARTER_ENTRIES = (
    "provocatie-reageren",
    "informatiedeling-jongerenwerker",
    "gerucht-ontkrachten",
    "deescalatie-tactieken",
    "kritische-besluitvorming-stappen",
    "welzijn-professionals-hulp-vragen",
)
_MENTION = re.compile(r"<at[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}


@dataclass(frozen=True)
class TeamsSettings:
    """Where the Teams channel gets its identity and endpoints (environment variables)."""

    app_id: str = ""
    app_password: str = field(default="", repr=False)
    tenant_id: str = ""
    multi_tenant: bool = False
    openid_metadata_url: str | None = None
    token_endpoint: str | None = None
    allow_insecure_localhost: bool = False
    channels: tuple[str, ...] = (TEAMS,)
    allowed_tenants: tuple[str, ...] = ()

    @classmethod
    def from_environment(cls, overrides: Mapping[str, Any] | None = None) -> TeamsSettings:
        """``TEAMS_APP_ID``, ``TEAMS_APP_PASSWORD``, ``TEAMS_TENANT_ID``,
        ``TEAMS_MULTI_TENANT``, ``TEAMS_OPENID_METADATA_URL``, ``TEAMS_TOKEN_ENDPOINT``,
        ``TEAMS_ALLOW_INSECURE_LOCALHOST`` (tests only), ``TEAMS_CHANNELS`` (comma-separated
        Bot Framework channel ids to accept; default ``msteams``) and
        ``TEAMS_ALLOWED_TENANTS`` (comma-separated tenant ids; default ``TEAMS_TENANT_ID``);
        ``overrides`` from credentials.yml win over the environment."""
        tenant = os.environ.get("TEAMS_TENANT_ID", "")
        values: dict[str, Any] = {
            "app_id": os.environ.get("TEAMS_APP_ID", ""),
            "app_password": os.environ.get("TEAMS_APP_PASSWORD", ""),
            "tenant_id": os.environ.get("TEAMS_TENANT_ID", ""),
            "multi_tenant": _env_flag("TEAMS_MULTI_TENANT"),
            "openid_metadata_url": os.environ.get("TEAMS_OPENID_METADATA_URL") or None,
            "token_endpoint": os.environ.get("TEAMS_TOKEN_ENDPOINT") or None,
            "allow_insecure_localhost": _env_flag("TEAMS_ALLOW_INSECURE_LOCALHOST"),
            "channels": _env_list("TEAMS_CHANNELS") or (TEAMS,),
            "allowed_tenants": _env_list("TEAMS_ALLOWED_TENANTS") or ((tenant,) if tenant else ()),
        }
        values.update({k: v for k, v in (overrides or {}).items() if v not in (None, "")})
        return cls(**values)

    @property
    def configured(self) -> bool:
        return bool(self.app_id and self.app_password and (self.tenant_id or self.multi_tenant))


def connector_for(settings: TeamsSettings) -> BotConnectorClient:
    """A Bot Connector client with the bot's identity and token endpoint of ``settings``."""
    options: dict[str, Any] = {"allow_insecure_localhost": settings.allow_insecure_localhost}
    if settings.token_endpoint:
        options["token_endpoint"] = settings.token_endpoint
    return BotConnectorClient(
        settings.app_id,
        settings.app_password,
        tenant_id=None if settings.multi_tenant else settings.tenant_id,
        **options,
    )


def _env_list(name: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in os.environ.get(name, "").split(",") if part.strip())


def strip_mentions(text: str, activity: Mapping[str, Any]) -> str:
    """The message without this bot's @mention (and without leftover markup)."""
    bot_id = (activity.get("recipient") or {}).get("id")
    for entity in activity.get("entities") or []:
        if entity.get("type") == "mention" and (entity.get("mentioned") or {}).get("id") == bot_id:
            text = text.replace(entity.get("text") or "\0", " ")
    text = _MENTION.sub(" ", text)
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def sender_id(activity: Mapping[str, Any]) -> str:
    """Whose conversation state this is: the user in a personal chat, otherwise the
    conversation (a channel thread's id includes its ``;messageid=``); prefixed with the
    channel (``teams:`` for Teams), so that an id from another channel of the same bot never
    lands in a Teams user's conversation."""
    conversation = activity.get("conversation") or {}
    channel = activity.get("channelId")
    prefix = "teams" if channel in (None, TEAMS) else f"bf-{channel}"
    if conversation.get("conversationType") in (None, "personal"):
        user = activity.get("from") or {}
        return f"{prefix}:{user.get('aadObjectId') or user.get('id')}"
    return f"{prefix}:{conversation.get('id')}"


def incoming_text(activity: Mapping[str, Any]) -> str | None:
    """What to hand to Rasa for a message activity: a card button's payload, or the typed
    text without mention; None when there is nothing to answer."""
    value = activity.get("value")
    if isinstance(value, Mapping) and "payload" in value:
        return button_payload(value.get("payload"))
    text = typed_text(strip_mentions(activity.get("text") or "", activity))
    return text or None


def reply_activity(activity: Mapping[str, Any], message: Mapping[str, Any]) -> dict[str, Any]:
    """One Rasa bot message as a Teams reply: an Adaptive Card with a text fallback."""
    buttons = message.get("buttons") or []
    if message.get("answer"):
        card = teams_cards.answer_card(message["answer"], buttons)
    else:
        card = teams_cards.text_card(message.get("text") or "", buttons)
    return {
        "type": "message",
        "from": activity.get("recipient"),
        "recipient": activity.get("from"),
        "conversation": activity.get("conversation"),
        "replyToId": activity.get("id"),
        "attachments": [teams_cards.attachment(card)],
    }


class TeamsOutput(TurnOutput):
    """Collects Rasa's bot messages whole (including an entry's parts under ``answer``),
    to be sent as cards once the turn is done."""

    @classmethod
    def name(cls) -> str:
        return "teams"

    async def collect(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.messages.append(dict(message))


class TeamsInput(InputChannel):
    """Rasa input channel for Microsoft Teams (Bot Framework activities)."""

    @classmethod
    def name(cls) -> str:
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(TeamsSettings.from_environment(credentials))

    def __init__(self, settings: TeamsSettings) -> None:
        self.settings = settings
        self._authenticator: BotFrameworkAuthenticator | None = None
        self._client: BotConnectorClient | None = None
        self._once: HandledOnce | None = None
        self._pending: set[asyncio.Task[None]] = set()
        # Per conversation: its lock and how many turns hold or wait for it.
        self._conversation_locks: dict[str, tuple[asyncio.Lock, int]] = {}

    def _auth(self) -> BotFrameworkAuthenticator:
        if self._authenticator is None:
            options: dict[str, Any] = {}
            if self.settings.openid_metadata_url:
                options["metadata_url"] = self.settings.openid_metadata_url
            self._authenticator = BotFrameworkAuthenticator(self.settings.app_id, **options)
        return self._authenticator

    def _connector(self) -> BotConnectorClient:
        if self._client is None:
            self._client = connector_for(self.settings)
        return self._client

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        if self.settings.configured:
            # Build the search index now (a few seconds, spaCy), not on the first search:
            # Teams gives a messaging extension only a few seconds to answer.
            default_index()
        teams = Blueprint("teams_webhook", __name__)
        limit_body_size(teams)

        @teams.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok", "configured": self.settings.configured})

        @teams.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.settings.configured:
                return response.json({"error": "Teams is not configured"}, status=503)
            if not (request.headers.get("Authorization") or "").startswith("Bearer "):
                # No token at all: refused before the body is parsed.
                return response.json({"error": "not authenticated"}, status=401)
            try:
                activity = request.json
            except Exception:  # sanic raises its own error type for invalid JSON
                activity = None
            if not isinstance(activity, dict):
                return response.json({"error": "expected a JSON activity"}, status=400)
            if problem := shape_problem(activity):
                logger.warning("teams: malformed activity refused (%s)", problem)
                return response.json({"error": "malformed activity"}, status=400)
            try:
                await self._auth().authenticate(
                    request.headers.get("Authorization"),
                    activity["serviceUrl"],
                    activity["channelId"],  # required: the endorsement check always runs
                )
            except AuthenticationError as error:
                # 401 for a bad token, 403 for a key not endorsed for the channel, 503 when
                # Microsoft's keys cannot be fetched (the Bot Connector then retries).
                logger.warning("teams: request rejected (%s)", error.reason.value)
                return response.json({"error": "not authenticated"}, status=error.status)
            settings = self.settings
            if refused := identity_problem(activity, settings.channels, settings.allowed_tenants):
                logger.warning("teams: activity refused (%s)", refused)
                return response.json({"error": refused}, status=403)
            return await self._handle(activity, on_new_message, request)

        return teams

    async def _handle(
        self,
        activity: dict[str, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        request: Request,
    ) -> HTTPResponse:
        kind = activity.get("type")
        if kind in ("messageDelete", "messageUpdate"):
            await self._rewrite(activity, getattr(request.app.ctx, "agent", None))
            return response.json({}, status=200)
        if kind == "message":
            if await self._redelivered(activity):
                return response.json({}, status=200)
            if submitted(activity.get("value")) is not None:
                await self._expert_step(activity)
                return response.json({}, status=200)
            await self._answer_in_time(activity, on_new_message)
        elif kind == "conversationUpdate":
            await self._welcome(activity)
        elif kind == "invoke":
            status, body = self._invoke(activity)
            return response.json(body, status=status)
        return response.json({}, status=200)

    async def _expert_step(self, activity: dict[str, Any]) -> None:
        """A button on a question card: for the desk when pressed in the experts' channel."""
        desk = default_desk()
        if desk is None or not desk.settings.is_experts_conversation(activity):
            logger.warning("teams: an experts' card button outside the experts' channel ignored")
            return
        await desk.on_submit(activity)

    async def _rewrite(self, activity: dict[str, Any], agent: Any) -> None:
        """The user deleted or edited a message in Teams: remove its text from the stored
        conversation, or replace it by the (redacted) new text."""
        store = redacting_store(getattr(agent, "tracker_store", None))
        message_id = activity.get("id")
        if store is None or not isinstance(message_id, str):
            return
        new_text = None
        if activity["type"] == "messageUpdate":
            new_text = strip_mentions(activity.get("text") or "", activity)
        changed = await asyncio.to_thread(
            store.rewrite_user_message, sender_id(activity), message_id, new_text
        )
        logger.info("teams: %s applied to %d stored message(s)", activity["type"], changed)

    async def _answer_in_time(
        self,
        activity: dict[str, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        """Answer, and acknowledge the activity once that is done or after
        :data:`ACKNOWLEDGE_WITHIN` seconds, whichever comes first: the Bot Framework gives up
        on a webhook after about 15 seconds and delivers again. A turn that takes longer
        (replies throttled by the Bot Connector) finishes in the background. Turns of one
        conversation are answered one after the other, in the order they arrived here."""
        conversation = str((activity.get("conversation") or {}).get("id"))
        turn = asyncio.create_task(self._answer_in_order(conversation, activity, on_new_message))
        self._pending.add(turn)
        turn.add_done_callback(self._pending.discard)
        try:
            await asyncio.wait_for(asyncio.shield(turn), ACKNOWLEDGE_WITHIN)
        except TimeoutError:
            logger.warning("teams: a turn takes long; acknowledged, it goes on in the background")

    async def _answer_in_order(
        self,
        conversation: str,
        activity: dict[str, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        lock, waiting = self._conversation_locks.get(conversation, (asyncio.Lock(), 0))
        self._conversation_locks[conversation] = (lock, waiting + 1)
        try:
            async with lock:
                await self._answer(activity, on_new_message)
        except Exception as error:  # a background task: log it, never lose it silently
            logger.error("teams: a turn failed (%s)", type(error).__name__)
            metrics.record_error(self.name())
        finally:
            lock, waiting = self._conversation_locks[conversation]
            if waiting <= 1:
                del self._conversation_locks[conversation]
            else:
                self._conversation_locks[conversation] = (lock, waiting - 1)

    async def _answer(
        self,
        activity: dict[str, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        text = incoming_text(activity)
        if text is None:
            return
        conversation = activity.get("conversation") or {}
        service_url = activity.get("serviceUrl") or ""
        connector = self._connector()
        conversation_id = cast(str, conversation.get("id"))
        typing = asyncio.create_task(self._typing(service_url, conversation_id, activity))
        output = TeamsOutput()
        output.reply_to = {"service_url": service_url, "conversation": conversation_id}
        turn = UserMessage(
            text,
            output,
            sender_id(activity),
            input_channel=self.name(),
            # Stored with the event, so that an edit or deletion in Teams can find it.
            message_id=activity.get("id"),
            metadata={"conversation_type": conversation.get("conversationType")},
        )
        replies = await answer_turn(on_new_message, turn)
        await typing
        # In order, the emergency line first (answer_turn); a reply that still fails after
        # the client's retries is counted and logged, and does not stop the ones after it.
        for message in replies:
            try:
                await connector.send(
                    service_url,
                    conversation_id,
                    reply_activity(activity, message),
                    reply_to_id=activity.get("id"),
                )
            except BotConnectorError as error:
                metrics.record_send_error(self.name())
                logger.error("teams: a reply could not be sent (%s)", type(error).__name__)

    async def _typing(
        self, service_url: str, conversation_id: str, activity: dict[str, Any]
    ) -> None:
        """The typing indicator, best effort: its failure never costs the answer."""
        try:
            await self._connector().send_typing(service_url, conversation_id, activity)
        except (TimeoutError, BotConnectorError, aiohttp.ClientError) as error:
            logger.warning("teams: no typing indicator (%s)", type(error).__name__)

    async def _redelivered(self, activity: dict[str, Any]) -> bool:
        """True when this activity (channel, conversation, id) was already handled, by this
        replica or another: the Bot Framework redelivers when an answer takes long. When
        the state database cannot tell, the message is answered (better twice than never)."""
        activity_id = activity.get("id")
        if not isinstance(activity_id, str) or not activity_id:
            return False
        conversation = (activity.get("conversation") or {}).get("id")
        key = f"{activity.get('channelId')}\n{conversation}\n{activity_id}"
        try:
            return not await self._first_time(ACTIVITY, key)
        except Exception as error:  # the database is away: answer rather than drop
            logger.warning("teams: could not check for redelivery (%s)", type(error).__name__)
            return False

    async def _first_time(self, kind: str, key: str) -> bool:
        """True the first time (``kind``, ``key``) is seen by any replica."""
        if self._once is None:
            self._once = await asyncio.to_thread(HandledOnce.from_environment)
        return await asyncio.to_thread(self._once.claim, kind, key)

    async def _welcome(self, activity: dict[str, Any]) -> None:
        bot_id = (activity.get("recipient") or {}).get("id")
        added = {m.get("id") for m in activity.get("membersAdded") or []}
        conversation_id = (activity.get("conversation") or {}).get("id") or ""
        if bot_id not in added or not conversation_id:
            return
        if not await self._first_time(WELCOME, conversation_id):
            return
        welcome = {
            "type": "message",
            "from": activity.get("recipient"),
            "conversation": activity.get("conversation"),
            "attachments": [teams_cards.attachment(teams_cards.welcome_card())],
        }
        await self._connector().send(activity.get("serviceUrl") or "", conversation_id, welcome)

    def _invoke(self, activity: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """An invoke's answer goes in the HTTP response: (status, body)."""
        name = activity.get("name")
        value = activity.get("value") or {}
        if name == "composeExtension/query":
            return 200, search_results(_query_text(value))
        if name == "composeExtension/selectItem":
            entry = default_knowledge().get(str(value.get("entry") or ""))
            if entry is None:
                return 404, {}
            card = teams_cards.inserted_card(entry_view(entry).as_dict())
            preview = teams_cards.preview_card(entry.id, entry.title, entry.summary)
            result = teams_cards.attachment(card, preview=preview)
            return 200, teams_cards.compose_extension_result([result])
        return 501, {}

    def get_output_channel(self) -> TeamsOutput:
        return TeamsOutput()


def _query_text(value: Mapping[str, Any]) -> str:
    for parameter in value.get("parameters") or []:
        if parameter.get("name") != "initialRun":
            return str(parameter.get("value") or "")
    return ""


def search_results(query: str) -> dict[str, Any]:
    """The messaging extension's answer to a search: entries as preview cards."""
    knowledge = default_knowledge()
    if query.strip():
        entries = [e for e, _ in default_index().search(query, MAX_SEARCH_RESULTS)]
    else:
        entries = [knowledge[i] for i in STARTER_ENTRIES if i in knowledge]
    attachments = [teams_cards.preview_card(e.id, e.title, e.summary) for e in entries]
    return teams_cards.compose_extension_result(attachments)
