"""Send activities (replies, typing indicators) to the Bot Connector service.

Follows Microsoft's "Authentication with the Bot Connector API", section "Authenticate
requests from your bot to the Bot Connector service"
(https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication;
MicrosoftDocs/bot-docs ``articles/rest-api/bot-framework-rest-connector-authentication.md``):
the bot gets a token by the OAuth 2.0 client-credentials grant, for a single-tenant bot from
``https://login.microsoftonline.com/{tenant id}/oauth2/v2.0/token`` and for a multi-tenant bot
from the ``botframework.com`` tenant, with scope ``https://api.botframework.com/.default``. The
response carries ``access_token`` and ``expires_in`` (seconds); the docs suggest caching the
token and refreshing it before it expires, and warn to send it to the Bot Connector service only.

Replies follow "Send and receive messages with the Bot Connector API"
(``articles/rest-api/bot-framework-rest-connector-send-and-receive-messages.md``):
``POST {serviceUrl}/v3/conversations/{conversationId}/activities/{replyToId}`` for a reply,
``.../activities`` for a new message, with the activity's ``serviceUrl`` as base URI (for
Teams e.g. ``https://smba.trafficmanager.net/teams/``). Path parts are percent-encoded as the
SDKs do: a Teams channel thread's id is ``19:…@thread.skype;messageid=…``.

Sending is retried as Microsoft's "Rate limiting" guidance for Teams bots asks
(``msteams-docs/.../bots/how-to/rate-limit.md``): a 429 waits as long as its ``Retry-After``
says (at most :data:`MAX_RETRY_AFTER` seconds), 412, 5xx and lost connections back off
exponentially with jitter, for at most :data:`MAX_ATTEMPTS` attempts and
:data:`MAX_RETRY_SECONDS` in all (tenacity). A typing indicator is sent once, never retried.

Because the token goes wherever ``serviceUrl`` points, only ``https`` URLs are posted to
(``http`` on localhost only with ``allow_insecure_localhost``, for tests); the connector must
have authenticated the activity (its token's ``serviceurl`` claim) before using its URL here.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential,
    wait_random,
)
from yarl import URL

log = logging.getLogger(__name__)

DEFAULT_TOKEN_ENDPOINT = "https://login.microsoftonline.com/{tenant_id}/oauth2/v2.0/token"
BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default"
MULTI_TENANT = "botframework.com"
DEFAULT_REFRESH_MARGIN = 5 * 60.0
DEFAULT_TIMEOUT = 15.0
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_MAX_ERROR_TEXT = 300
RETRY_STATUSES = frozenset({412, 429, 500, 502, 503, 504})
MAX_ATTEMPTS = 4
MAX_RETRY_SECONDS = 10.0
MAX_RETRY_AFTER = 8.0


class BotConnectorError(Exception):
    """Sending to the Bot Connector service failed."""


class UnsafeServiceUrlError(BotConnectorError, ValueError):
    """The ``serviceUrl`` is not one we send the bot's token to."""


class TokenRequestError(BotConnectorError):
    """The login service refused or failed the client-credentials request."""

    def __init__(self, message: str, status: int | None = None, error: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.error = error


class SendError(BotConnectorError):
    """The Bot Connector service answered a post with a non-2xx status (``retry_after``:
    the seconds its ``Retry-After`` header asked for, if any)."""

    def __init__(
        self, message: str, status: int, body: str, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = body
        self.retry_after = retry_after


def retry_after_seconds(value: str | None) -> float | None:
    """A ``Retry-After`` header's delay in seconds (a number or an HTTP date), else None."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def _worth_retrying(error: BaseException) -> bool:
    if isinstance(error, SendError):
        return error.status in RETRY_STATUSES
    return isinstance(error, aiohttp.ClientConnectionError | asyncio.TimeoutError)


_BACKOFF = wait_exponential(multiplier=0.5, max=4.0) + wait_random(0, 0.25)


def _wait(state: RetryCallState) -> float:
    """``Retry-After`` when the service gave one (capped), else exponential back-off."""
    error = state.outcome.exception() if state.outcome else None
    if isinstance(error, SendError) and error.retry_after is not None:
        return min(error.retry_after, MAX_RETRY_AFTER)
    return float(_BACKOFF(state))


class BotConnectorClient:
    """Posts activities to the Bot Connector service with the bot's own access token.

    One aiohttp session per client, opened on first use; call :meth:`close` (or use
    ``async with``) when done. The token is fetched once and reused until ``refresh_margin``
    seconds before it expires; concurrent sends that need a new one share a single request.
    """

    def __init__(
        self,
        app_id: str,
        app_password: str,
        tenant_id: str | None,
        *,
        token_endpoint: str = DEFAULT_TOKEN_ENDPOINT,
        scope: str = BOT_FRAMEWORK_SCOPE,
        allow_insecure_localhost: bool = False,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
        timeout: float = DEFAULT_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``tenant_id`` is the Entra tenant of a single-tenant app registration (the kind
        Azure creates today); ``None`` means a multi-tenant app (the ``botframework.com``
        tenant). ``token_endpoint`` may contain ``{tenant_id}``."""
        if not app_id or not app_password:
            raise ValueError("the bot's Microsoft App ID and password are required")
        if tenant_id is not None and not tenant_id.strip():
            raise ValueError("a single-tenant bot needs its tenant id (None for multi-tenant)")
        self.app_id = app_id
        self.tenant_id = MULTI_TENANT if tenant_id is None else tenant_id.strip()
        self.token_url = token_endpoint.format(tenant_id=quote(self.tenant_id, safe=""))
        self.scope = scope
        self.allow_insecure_localhost = allow_insecure_localhost
        self._app_password = app_password
        self._refresh_margin = refresh_margin
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._clock = clock
        self._session: aiohttp.ClientSession | None = None
        self._token: str | None = None
        self._refresh_at = 0.0
        self._token_lock = asyncio.Lock()

    async def __aenter__(self) -> BotConnectorClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the HTTP session; a later send opens a new one."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def send(
        self,
        service_url: str,
        conversation_id: str,
        activity: Mapping[str, Any],
        reply_to_id: str | None = None,
        *,
        retry: bool = True,
    ) -> dict[str, Any]:
        """Post ``activity`` to the conversation (as a reply to ``reply_to_id`` if given),
        retried as the module says unless ``retry`` is False.

        Returns the service's answer (a ResourceResponse such as ``{"id": "…"}``, or ``{}``).
        Raises :class:`UnsafeServiceUrlError`, :class:`TokenRequestError` or :class:`SendError`
        (the last one, when every attempt failed).
        """
        url = self.activities_url(service_url, conversation_id, reply_to_id)
        return await self._retried("POST", url, activity, retry)

    async def update(
        self,
        service_url: str,
        conversation_id: str,
        activity_id: str,
        activity: Mapping[str, Any],
    ) -> dict[str, Any]:
        """Replace an activity the bot sent (``PUT …/activities/{activity_id}``; Teams shows
        the new card in place), retried like :meth:`send`."""
        if not activity_id:
            raise ValueError("an activity id is required")
        url = self.activities_url(service_url, conversation_id, activity_id)
        return await self._retried("PUT", url, activity, True)

    async def create_conversation(
        self, service_url: str, parameters: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Start a conversation (``POST {serviceUrl}/v3/conversations``): in a Teams channel,
        with ``channelData.channel.id`` and an ``activity``, a new thread. Returns the
        service's answer (``{"id": <conversation>, "activityId": …}``), retried like
        :meth:`send`."""
        self.check_service_url(service_url)
        url = URL(service_url.rstrip("/") + "/v3/conversations", encoded=True)
        return await self._retried("POST", url, parameters, True)

    async def _retried(
        self, method: str, url: URL, body: Mapping[str, Any], retry: bool
    ) -> dict[str, Any]:
        """:meth:`_request`, retried as the module says unless ``retry`` is False."""
        if not retry:
            return await self._request(method, url, body)
        retrying = AsyncRetrying(
            retry=retry_if_exception(_worth_retrying),
            stop=stop_after_attempt(MAX_ATTEMPTS) | stop_after_delay(MAX_RETRY_SECONDS),
            wait=_wait,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await self._request(method, url, body)
        raise AssertionError("not reached: tenacity raises the last error")

    async def _request(self, method: str, url: URL, body: Mapping[str, Any]) -> dict[str, Any]:
        """One ``method`` (POST or PUT) of ``body`` to ``url``."""
        token = await self.access_token()
        session = self._http()
        async with session.request(
            method, url, json=dict(body), headers={"Authorization": f"Bearer {token}"}
        ) as response:
            text = await response.text()
            status = response.status
            retry_after = retry_after_seconds(response.headers.get("Retry-After"))
        if status == 401:
            self._forget_token(token)  # revoked or for another app: fetch anew next time
        if not 200 <= status < 300:
            raise SendError(
                f"Bot Connector answered HTTP {status} to {method} {url.path}: "
                f"{text[:_MAX_ERROR_TEXT]}",
                status,
                text,
                retry_after,
            )
        try:
            answer = json.loads(text) if text.strip() else {}
        except ValueError:
            answer = {}
        return answer if isinstance(answer, dict) else {}

    async def send_typing(
        self,
        service_url: str,
        conversation_id: str,
        incoming: Mapping[str, Any] | None = None,
    ) -> None:
        """Show the typing indicator in the conversation.

        With the ``incoming`` activity, the typing activity is addressed like a reply
        (``from`` = its recipient, ``recipient`` = its sender, same ``conversation``). Sent
        once: a typing indicator that is late is worthless.
        """
        typing: dict[str, Any] = {"type": "typing"}
        if incoming:
            for field, source in (
                ("from", "recipient"),
                ("recipient", "from"),
                ("conversation", "conversation"),
            ):
                if incoming.get(source):
                    typing[field] = incoming[source]
        await self.send(service_url, conversation_id, typing, retry=False)

    def activities_url(
        self, service_url: str, conversation_id: str, reply_to_id: str | None = None
    ) -> URL:
        """``{serviceUrl}/v3/conversations/{id}/activities[/{replyToId}]``, path parts quoted."""
        self.check_service_url(service_url)
        if not conversation_id:
            raise ValueError("a conversation id is required")
        path = f"/v3/conversations/{quote(conversation_id, safe='')}/activities"
        if reply_to_id:
            path += f"/{quote(reply_to_id, safe='')}"
        # encoded=True: yarl would otherwise turn %3B back into ';' (and ';' ends a segment).
        return URL(service_url.rstrip("/") + path, encoded=True)

    def check_service_url(self, service_url: str) -> None:
        """Raise :class:`UnsafeServiceUrlError` unless the bot's token may go to this URL."""
        if not isinstance(service_url, str) or not service_url.isascii():
            raise UnsafeServiceUrlError(f"not a usable serviceUrl: {service_url!r}")
        if any(c.isspace() for c in service_url):
            raise UnsafeServiceUrlError(f"not a usable serviceUrl: {service_url!r}")
        try:
            parts = urlsplit(service_url)
            host = parts.hostname
        except ValueError:
            raise UnsafeServiceUrlError(f"not a usable serviceUrl: {service_url!r}") from None
        if not host or parts.query or parts.fragment or parts.username or parts.password:
            raise UnsafeServiceUrlError(f"not a usable serviceUrl: {service_url!r}")
        scheme = parts.scheme.lower()
        if scheme == "https":
            return
        if scheme == "http" and self.allow_insecure_localhost and host in LOCAL_HOSTS:
            return
        raise UnsafeServiceUrlError(f"refusing to send the bot's token to {service_url!r}")

    async def access_token(self) -> str:
        """A valid access token for the Bot Connector service, fetched only when needed."""
        token = self._current_token()
        if token is not None:
            return token
        async with self._token_lock:
            token = self._current_token()  # another send may have fetched it meanwhile
            if token is None:
                token = await self._fetch_token()
            return token

    def _current_token(self) -> str | None:
        if self._token is not None and self._clock() < self._refresh_at:
            return self._token
        return None

    def _forget_token(self, token: str) -> None:
        if self._token == token:
            self._token = None

    async def _fetch_token(self) -> str:
        form = {
            "grant_type": "client_credentials",
            "client_id": self.app_id,
            "client_secret": self._app_password,
            "scope": self.scope,
        }
        started = self._clock()
        try:
            async with self._http().post(self.token_url, data=form) as response:
                status = response.status
                text = await response.text()
        except (aiohttp.ClientError, TimeoutError) as error:
            raise TokenRequestError(
                f"token request to {self.token_url} failed: {error!r}"
            ) from None
        try:
            body = json.loads(text)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            body = {}
        if status != 200:
            code = str(body.get("error") or "")
            lines = str(body.get("error_description") or text).strip().splitlines()
            description = lines[0][:_MAX_ERROR_TEXT] if lines else ""
            raise TokenRequestError(
                f"token request to {self.token_url} answered HTTP {status}: "
                f"{code} {description}".rstrip(),
                status,
                code,
            )
        token = body.get("access_token")
        try:
            expires_in = float(body.get("expires_in", 0))
        except (TypeError, ValueError):
            expires_in = 0.0
        if not isinstance(token, str) or not token or expires_in <= 0:
            raise TokenRequestError(
                f"token response from {self.token_url} lacks access_token or expires_in", status
            )
        margin = min(self._refresh_margin, expires_in / 2)
        self._token, self._refresh_at = token, started + expires_in - margin
        log.info(
            "Bot Connector token fetched for tenant %s, valid %.0f s", self.tenant_id, expires_in
        )
        return token

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session
