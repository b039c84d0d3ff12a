"""Local stand-ins for Microsoft's Bot Framework services, so Teams tests need no internet.

Each is a small aiohttp application served on a free 127.0.0.1 port by a background thread
with its own event loop, so plain (sync) pytest code can start it, point the code under test
at its ``url`` and stop it again (``with OpenIdServer() as openid: ...``):

- :class:`OpenIdServer`: the OpenID metadata and JWKS documents of
  ``login.botframework.com`` (same paths and shapes, ``endorsements`` included), serving the
  public halves of test RSA keys; :meth:`OpenIdServer.token` signs a Bot Connector style token
  (``iss``, ``aud``, ``serviceurl``, ``nbf``, ``exp``) with any claims and key id.
- :class:`TokenServer`: the Entra ID v2 token endpoint (``/{tenant}/oauth2/v2.0/token``,
  client-credentials grant), counting requests; wrong credentials get Entra's error shape.
- :class:`ConnectorServer`: the Bot Connector service under a Teams-like base URI
  (``{url}/teams/``), recording every request and answering posts with ``{"id": …}``.
- :class:`StandIns`: all three, the connector accepting only the token server's tokens.

Shapes follow MicrosoftDocs/bot-docs, ``articles/rest-api/``:
``bot-framework-rest-connector-authentication.md`` and
``bot-framework-rest-connector-send-and-receive-messages.md``.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import socket
import threading
import time
import uuid
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Self
from urllib.parse import unquote

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
METADATA_PATH = "/v1/.well-known/openidconfiguration"
KEYS_PATH = "/v1/.well-known/keys"
START_TIMEOUT = 10.0


class BackgroundServer:
    """An aiohttp app on 127.0.0.1, run by a thread with its own event loop.

    ``port`` may be fixed (e.g. to point code at a server before it is started); by default
    the operating system picks a free one. ``url`` is set once started.
    """

    def __init__(self, port: int | None = None) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}" if port else ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None

    def routes(self, app: web.Application) -> None:
        """Add the stand-in's routes."""
        raise NotImplementedError

    def start(self) -> Self:
        if self._thread is not None:
            raise RuntimeError("already started")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port or 0))
        self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name=type(self).__name__, daemon=True
        )
        self._thread.start()
        try:
            self._call(self._serve(sock))
        except BaseException:
            self.stop()
            raise
        return self

    async def _serve(self, sock: socket.socket) -> None:
        app = web.Application()
        self.routes(app)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()

    def stop(self) -> None:
        """Stop serving and end the thread (safe to call twice)."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if self._runner is not None:
            self._call(self._runner.cleanup())
            self._runner = None
        loop.call_soon_threadsafe(loop.stop)
        thread.join(START_TIMEOUT)
        loop.close()
        self._loop = self._thread = None

    def _call(self, coroutine: Any) -> Any:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(START_TIMEOUT)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@functools.cache
def _private_key(name: str) -> rsa.RSAPrivateKey:
    """One RSA key per name per test session (generating one takes a moment)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass(frozen=True)
class RsaKey:
    """A test signing key: its id, private key and (optional) channel endorsements."""

    kid: str
    private_key: rsa.RSAPrivateKey
    endorsements: tuple[str, ...] | None = ("msteams",)

    @classmethod
    def named(cls, kid: str, endorsements: Sequence[str] | None = ("msteams",)) -> RsaKey:
        """A key with this id; the same id gives the same key material in a session."""
        return cls(kid, _private_key(kid), None if endorsements is None else tuple(endorsements))

    def jwk(self) -> dict[str, Any]:
        """The public key as the Bot Framework keys document lists it."""
        jwk = RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        jwk.update({"kid": self.kid, "use": "sig"})
        if self.endorsements is not None:
            jwk["endorsements"] = list(self.endorsements)
        return jwk

    def sign(
        self,
        claims: Mapping[str, Any],
        *,
        kid: str | None = None,
        headers: Mapping[str, Any] | None = None,
    ) -> str:
        """An RS256 JWT over ``claims``; ``kid`` overrides the key id in the header."""
        header = {"kid": self.kid if kid is None else kid, "x5t": self.kid, **(headers or {})}
        return jwt.encode(dict(claims), self.private_key, algorithm="RS256", headers=header)


def connector_claims(
    app_id: str,
    service_url: str,
    *,
    issuer: str = BOT_FRAMEWORK_ISSUER,
    lifetime: float = 3600,
    **overrides: Any,
) -> dict[str, Any]:
    """Claims shaped like a Bot Connector → bot token; an override of ``None`` drops a claim."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "serviceurl": service_url,
        "nbf": now - 5,
        "exp": now + int(lifetime),
        "iss": issuer,
        "aud": app_id,
    }
    claims.update(overrides)
    return {name: value for name, value in claims.items() if value is not None}


class OpenIdServer(BackgroundServer):
    """``login.botframework.com``'s OpenID metadata and keys documents.

    ``keys`` are published (add or replace them at any time to simulate a key rollover);
    ``available = False`` makes both documents answer 503; ``delay`` (seconds) makes the
    metadata answer that late. ``metadata_requests`` and ``keys_requests`` count the fetches.
    """

    def __init__(
        self,
        keys: Sequence[RsaKey] | None = None,
        *,
        issuer: str = BOT_FRAMEWORK_ISSUER,
        port: int | None = None,
    ) -> None:
        super().__init__(port)
        self.keys: list[RsaKey] = list(keys) if keys is not None else [RsaKey.named("test-key-1")]
        self.issuer = issuer
        self.available = True
        self.delay = 0.0
        self.metadata_requests = 0
        self.keys_requests = 0

    @property
    def metadata_url(self) -> str:
        return f"{self.url}{METADATA_PATH}"

    def routes(self, app: web.Application) -> None:
        app.router.add_get(METADATA_PATH, self._metadata)
        app.router.add_get(KEYS_PATH, self._keys)

    async def _metadata(self, request: web.Request) -> web.Response:
        self.metadata_requests += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if not self.available:
            return web.json_response({"error": "unavailable"}, status=503)
        return web.json_response(
            {
                "issuer": self.issuer,
                "authorization_endpoint": "https://invalid.botframework.com",
                "jwks_uri": f"{self.url}{KEYS_PATH}",
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def _keys(self, request: web.Request) -> web.Response:
        self.keys_requests += 1
        if not self.available:
            return web.json_response({"error": "unavailable"}, status=503)
        return web.json_response({"keys": [key.jwk() for key in self.keys]})

    def token(
        self,
        app_id: str,
        service_url: str,
        *,
        key: RsaKey | None = None,
        kid: str | None = None,
        headers: Mapping[str, Any] | None = None,
        **claims: Any,
    ) -> str:
        """A Bot Connector token for ``app_id`` and ``service_url``, signed by ``key`` (the
        first published key by default); ``claims`` override or (with ``None``) drop claims."""
        signer = key or self.keys[0]
        return signer.sign(
            connector_claims(app_id, service_url, **claims), kid=kid, headers=headers
        )

    def authorization(self, app_id: str, service_url: str, **options: Any) -> str:
        """``Bearer <token>`` as the ``Authorization`` header carries it."""
        return f"Bearer {self.token(app_id, service_url, **options)}"


@dataclass(frozen=True)
class TokenRequest:
    tenant: str
    form: dict[str, str]


class TokenServer(BackgroundServer):
    """Entra ID's v2 token endpoint for the client-credentials grant.

    Issues opaque tokens (``issued``) valid for ``expires_in`` seconds; answers after
    ``delay`` seconds (to let concurrent requests overlap). ``requests`` records each call.
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        expires_in: int = 3600,
        delay: float = 0.0,
        scope: str = "https://api.botframework.com/.default",
        port: int | None = None,
    ) -> None:
        super().__init__(port)
        self.client_id = client_id
        self.client_secret = client_secret
        self.expires_in = expires_in
        self.delay = delay
        self.scope = scope
        self.requests: list[TokenRequest] = []
        self.issued: list[str] = []

    @property
    def token_endpoint(self) -> str:
        """The endpoint template, as ``BotConnectorClient(token_endpoint=...)`` takes it."""
        return f"{self.url}/{{tenant_id}}/oauth2/v2.0/token"

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)

    async def _token(self, request: web.Request) -> web.Response:
        form = {name: str(value) for name, value in (await request.post()).items()}
        self.requests.append(TokenRequest(request.match_info["tenant"], form))
        if self.delay:
            await asyncio.sleep(self.delay)
        if form.get("grant_type") != "client_credentials":
            return _entra_error(400, "unsupported_grant_type", "AADSTS70003: grant type")
        if form.get("client_id") != self.client_id:
            return _entra_error(400, "unauthorized_client", "AADSTS700016: Application not found")
        if form.get("client_secret") != self.client_secret:
            return _entra_error(401, "invalid_client", "AADSTS7000215: Invalid client secret")
        if form.get("scope") != self.scope:
            return _entra_error(400, "invalid_scope", "AADSTS1002012: The provided scope")
        token = f"test-access-token-{len(self.issued) + 1}-{uuid.uuid4().hex[:8]}"
        self.issued.append(token)
        return web.json_response(
            {
                "token_type": "Bearer",
                "expires_in": self.expires_in,
                "ext_expires_in": self.expires_in,
                "access_token": token,
            }
        )


def _entra_error(status: int, error: str, description: str) -> web.Response:
    return web.json_response(
        {"error": error, "error_description": f"{description}.\r\nTrace ID: test"},
        status=status,
    )


@dataclass(frozen=True)
class ConnectorRequest:
    """One request the Bot Connector stand-in received."""

    method: str
    raw_path: str
    conversation_id: str | None
    activity_id: str | None
    body: Any
    authorization: str | None
    status: int

    @property
    def token(self) -> str | None:
        scheme, _, token = (self.authorization or "").partition(" ")
        return token if scheme == "Bearer" else None


class ConnectorServer(BackgroundServer):
    """The Bot Connector service at ``service_url`` (``{url}/teams/``, like Teams).

    Records every request in ``requests``; answers
    ``POST /v3/conversations/{id}/activities[/{replyToId}]`` with ``{"id": "activity-N"}``
    (HTTP 201) and other ``/v3/...`` requests with ``{}``. With a ``token_server`` it requires a
    bearer token that server issued (401 otherwise); ``fail_with = 500`` (say) answers every
    request with that status. ``script`` holds answers for the next posts of activities other
    than typing indicators, one per post: ``(status, headers)``, e.g.
    ``(429, {"Retry-After": "1"})``; ``fail_types`` answers every post of an activity type
    with a status (``{"typing": 429}``).
    """

    def __init__(
        self,
        token_server: TokenServer | None = None,
        *,
        prefix: str = "/teams/",
        port: int | None = None,
    ) -> None:
        super().__init__(port)
        self.token_server = token_server
        self.prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        self.fail_with: int | None = None
        self.script: deque[tuple[int, dict[str, str]]] = deque()
        self.fail_types: dict[str, int] = {}
        self.requests: list[ConnectorRequest] = []
        self._changed = threading.Condition()
        self._ids = itertools.count(1)

    @property
    def service_url(self) -> str:
        return f"{self.url}{self.prefix}"

    @property
    def activities(self) -> list[ConnectorRequest]:
        """The accepted posts of activities, in order."""
        return [
            r
            for r in list(self.requests)
            if r.method == "POST" and r.conversation_id is not None and r.status < 300
        ]

    def wait_for_activities(self, count: int, timeout: float = 10.0) -> list[ConnectorRequest]:
        """Block until ``count`` activities were accepted (the connector may reply late)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.activities) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{len(self.activities)} of {count} activities arrived")
                self._changed.wait(left)
        return self.activities

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/{tail:.*}", self._any)

    async def _any(self, request: web.Request) -> web.Response:
        raw_path = request.raw_path.split("?", 1)[0]
        text = await request.text()
        try:
            body: Any = await request.json() if text else None
        except ValueError:
            body = text
        conversation_id, activity_id, known = self._parse(raw_path)
        status, answer = self._answer(request, known, conversation_id)
        headers: dict[str, str] = {}
        if status < 300 and request.method == "POST" and conversation_id is not None:
            kind = body.get("type") if isinstance(body, dict) else None
            if kind in self.fail_types:
                status, answer = self.fail_types[kind], {"error": {"code": "Throttled"}}
            elif self.script and kind != "typing":
                status, headers = self.script.popleft()
                if status >= 300:
                    answer = {"error": {"code": "Scripted", "message": "test failure"}}
        with self._changed:
            self.requests.append(
                ConnectorRequest(
                    request.method,
                    raw_path,
                    conversation_id,
                    activity_id,
                    body,
                    request.headers.get("Authorization"),
                    status,
                )
            )
            self._changed.notify_all()
        return web.json_response(answer, status=status, headers=headers)

    def _parse(self, raw_path: str) -> tuple[str | None, str | None, bool]:
        """(conversation id, activity id, whether the path is under ``/v3/``)."""
        if not raw_path.startswith(self.prefix + "v3/"):
            return None, None, False
        segments = [unquote(s) for s in raw_path[len(self.prefix) :].split("/")]
        shape = len(segments) in (4, 5) and segments[1] == "conversations"
        if shape and segments[3] == "activities":
            return segments[2], segments[4] if len(segments) == 5 else None, True
        return None, None, True

    def _answer(
        self, request: web.Request, known: bool, conversation_id: str | None
    ) -> tuple[int, dict[str, Any]]:
        if not known:
            return 404, {"error": {"code": "NotFound", "message": "no such endpoint"}}
        if self.token_server is not None:
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            if scheme != "Bearer" or token not in self.token_server.issued:
                return 401, {"message": "Authorization has been denied for this request."}
        if self.fail_with is not None:
            return self.fail_with, {"error": {"code": "ServiceError", "message": "test failure"}}
        if request.method == "POST" and conversation_id is not None:
            return 201, {"id": f"activity-{next(self._ids)}"}
        if request.method == "POST" and request.raw_path.rstrip("/").endswith("/v3/conversations"):
            number = next(self._ids)  # a new thread in a channel: its id and its first activity
            return 201, {
                "id": f"19:thread-{number}@thread.tacv2",
                "activityId": f"activity-{number}",
            }
        return 200, {}


@dataclass
class StandIns:
    """All three stand-ins wired together (the connector accepts the token server's tokens)."""

    openid: OpenIdServer
    tokens: TokenServer
    connector: ConnectorServer

    @classmethod
    def start(cls, app_id: str, app_password: str) -> StandIns:
        openid = OpenIdServer().start()
        tokens = TokenServer(app_id, app_password).start()
        connector = ConnectorServer(tokens).start()
        return cls(openid, tokens, connector)

    def stop(self) -> None:
        for server in (self.openid, self.tokens, self.connector):
            server.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


APP_ID = "4f9d3c2a-6b1e-4e7a-9c1d-2b8f5a7e0c31"
APP_PASSWORD = "test-secret~not-real"  # the client secret the token stand-in expects


class FakeClock:
    """A monotonic clock the test moves forward (for key and token caches)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now
