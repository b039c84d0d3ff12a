"""Authenticate requests that the Bot Connector service (Teams) sends to the bot.

Implements the procedure Microsoft documents in "Authentication with the Bot Connector API",
section "Authenticate requests from the Bot Connector service to your bot"
(https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication;
source: MicrosoftDocs/bot-docs ``articles/rest-api/bot-framework-rest-connector-authentication.md``,
as of 2023-02-10):

1. The token comes in the ``Authorization`` header with the ``Bearer`` scheme.
2. It is a well-formed JWT.
3. Its issuer is ``https://api.botframework.com`` (configurable list here).
4. Its audience is the bot's Microsoft App ID.
5. It is within its validity period; "industry-standard clock-skew is 5 minutes".
6. It is signed by a key from the keys document named by ``jwks_uri`` in the OpenID metadata
   (``https://login.botframework.com/v1/.well-known/openidconfiguration``), with an algorithm the
   metadata lists in ``id_token_signing_alg_values_supported`` (we accept RS256 only).
7. Its service-URL claim equals the ``serviceUrl`` of the incoming activity.

The docs also say each key may carry ``endorsements`` (channel ids it may sign for); when the
key has them and the caller passes the activity's ``channelId``, the channel must be listed
(the docs ask for HTTP 403 there). They say the keys "may be cached, but new keys may be added at
any time" and that bots should refresh their copy "at least once every 24 hours".

The docs spell requirement 7's claim ``serviceUrl``; the tokens the service actually issues
carry ``serviceurl`` (the name every Microsoft SDK reads: ``SERVICE_URL_CLAIM = "serviceurl"``
in botbuilder-python ``botframework/connector/auth/channel_validation.py``, ``ServiceUrlClaim``
in botbuilder-dotnet's ``AuthenticationConstants.cs``). We look the claim up case-insensitively
and require every spelling present to match.

Unlike Rasa's built-in ``botframework`` channel, nothing here does I/O in the constructor: the
metadata and keys are fetched with aiohttp on first use, cached, refreshed every 24 hours, and
refreshed early when a token names a key id we don't know, at most once per
``unknown_key_refresh_interval`` so a flood of made-up key ids cannot hammer Microsoft.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import aiohttp
import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from jwt.algorithms import RSAAlgorithm

log = logging.getLogger(__name__)

DEFAULT_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
DEFAULT_ISSUERS = ("https://api.botframework.com",)
SUPPORTED_ALGORITHMS = ("RS256",)
SERVICE_URL_CLAIM = "serviceurl"
DEFAULT_CLOCK_SKEW = 5 * 60.0
DEFAULT_REFRESH_INTERVAL = 24 * 3600.0
DEFAULT_UNKNOWN_KEY_REFRESH_INTERVAL = 5 * 60.0
DEFAULT_RETRY_INTERVAL = 30.0
DEFAULT_TIMEOUT = 10.0
# Keys that could not be refreshed are trusted for this long after they were fetched (Microsoft
# asks for a refresh at least daily), and a request waits at most this long for a refresh.
DEFAULT_MAX_KEY_AGE = 3 * 24 * 3600.0
DEFAULT_MAX_WAIT = 2.0


class Reason(StrEnum):
    """Why a request was refused; the value is the short text for logs."""

    MISSING_HEADER = "no Authorization header"
    MALFORMED_HEADER = "Authorization header is not 'Bearer <token>'"
    MALFORMED_TOKEN = "token is not a well-formed JWT"
    ALGORITHM = "token algorithm not allowed"
    UNKNOWN_KEY = "token signed with an unknown key id"
    SIGNATURE = "token signature invalid"
    EXPIRED = "token expired"
    NOT_YET_VALID = "token not yet valid"
    AUDIENCE = "token audience is not this bot"
    ISSUER = "token issuer not trusted"
    MISSING_CLAIM = "token lacks a required claim"
    SERVICE_URL = "token serviceUrl does not match the activity"
    ENDORSEMENT = "signing key not endorsed for this channel"
    KEYS_UNAVAILABLE = "signing keys could not be fetched"


_STATUS = {Reason.ENDORSEMENT: 403, Reason.KEYS_UNAVAILABLE: 503}


class AuthenticationError(Exception):
    """A request that must not be processed.

    ``reason`` says why; ``status`` is the HTTP status to answer with: 401 for every bad token,
    403 for a channel the signing key is not endorsed for (as the docs ask), 503 when the keys
    could not be fetched (our problem, not the caller's; the service retries).
    """

    def __init__(self, reason: Reason, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        self.status = _STATUS.get(reason, 401)
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)


@dataclass(frozen=True)
class SigningKey:
    """A public key from the keys document and the channels it is endorsed for (if listed)."""

    kid: str
    public_key: RSAPublicKey
    endorsements: frozenset[str] | None


class SigningKeyCache:
    """The Bot Connector's signing keys, fetched lazily and kept fresh.

    A fetch reads the OpenID metadata, then the document at its ``jwks_uri``. Fetches happen:
    on first use; when the keys are older than ``refresh_interval``; when a token names an
    unknown key id, at most once per ``unknown_key_refresh_interval``; and after a failed fetch
    at most once per ``retry_interval``. A failed refresh keeps the keys we had, but never for
    longer than ``max_key_age`` after they were fetched: older keys are not trusted (503, the
    Bot Connector retries). Concurrent callers share one fetch, which runs in the background:
    a request waits for it at most ``max_wait`` seconds and then goes on with the keys it has.
    """

    def __init__(
        self,
        metadata_url: str = DEFAULT_OPENID_METADATA_URL,
        *,
        refresh_interval: float = DEFAULT_REFRESH_INTERVAL,
        unknown_key_refresh_interval: float = DEFAULT_UNKNOWN_KEY_REFRESH_INTERVAL,
        retry_interval: float = DEFAULT_RETRY_INTERVAL,
        timeout: float = DEFAULT_TIMEOUT,
        max_key_age: float = DEFAULT_MAX_KEY_AGE,
        max_wait: float = DEFAULT_MAX_WAIT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.metadata_url = metadata_url
        self.algorithms: tuple[str, ...] = SUPPORTED_ALGORITHMS
        self.fetches = 0
        self._refresh_interval = refresh_interval
        self._unknown_key_refresh_interval = unknown_key_refresh_interval
        self._retry_interval = retry_interval
        self._timeout = timeout
        self._clock = clock
        self._keys: dict[str, SigningKey] = {}
        self._loaded_at: float | None = None
        self._failed_at: float | None = None
        self._unknown_key_refresh_at: float | None = None
        self._max_key_age = max_key_age
        self._max_wait = max_wait
        self._fetching: asyncio.Task[None] | None = None

    async def get(self, kid: str) -> SigningKey:
        """The key with this id, or AuthenticationError (unknown key, or no keys at all)."""
        await self._refresh(None)
        if not self._keys:
            raise AuthenticationError(Reason.KEYS_UNAVAILABLE, self.metadata_url)
        if self._loaded_at is None or self._clock() - self._loaded_at > self._max_key_age:
            raise AuthenticationError(Reason.KEYS_UNAVAILABLE, "the keys we have are too old")
        if kid not in self._keys:
            await self._refresh(kid)
        key = self._keys.get(kid)
        if key is None:
            raise AuthenticationError(Reason.UNKNOWN_KEY, repr(kid[:64]))
        return key

    def _needs_refresh(self, unknown_kid: str | None, now: float) -> bool:
        if unknown_kid is not None:
            if unknown_kid in self._keys:
                return False  # another request's refresh brought it in
            last = self._unknown_key_refresh_at
            return last is None or now - last >= self._unknown_key_refresh_interval
        if self._loaded_at is not None and now - self._loaded_at < self._refresh_interval:
            return False
        return self._failed_at is None or now - self._failed_at >= self._retry_interval

    async def _refresh(self, unknown_kid: str | None) -> None:
        """Refresh if due: periodically (``unknown_kid`` None) or for a key id we lack. Waits
        for the (shared, background) fetch at most ``max_wait`` seconds."""
        now = self._clock()
        if not self._needs_refresh(unknown_kid, now):
            return
        if self._fetching is None or self._fetching.done():
            if unknown_kid is not None:
                self._unknown_key_refresh_at = now
            self.fetches += 1
            self._fetching = asyncio.create_task(self._fetch_and_keep())
        try:
            await asyncio.wait_for(asyncio.shield(self._fetching), self._max_wait)
        except TimeoutError:
            log.warning("Bot Framework signing keys: still fetching, going on with what we have")

    async def _fetch_and_keep(self) -> None:
        try:
            keys, algorithms = await self._fetch()
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            self._failed_at = self._clock()
            log.warning("Bot Framework signing keys not fetched: %s", _describe(error))
            return
        self._keys, self.algorithms = keys, algorithms
        self._loaded_at, self._failed_at = self._clock(), None
        log.info("Bot Framework signing keys fetched: %d keys", len(keys))

    async def _fetch(self) -> tuple[dict[str, SigningKey], tuple[str, ...]]:
        timeout = aiohttp.ClientTimeout(total=self._timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            metadata = await _get_json(session, self.metadata_url)
            jwks_uri = metadata.get("jwks_uri")
            if not isinstance(jwks_uri, str) or not jwks_uri:
                raise ValueError("OpenID metadata has no jwks_uri")
            document = await _get_json(session, jwks_uri)
        listed = metadata.get("id_token_signing_alg_values_supported")
        algorithms: tuple[str, ...] = SUPPORTED_ALGORITHMS
        if isinstance(listed, list):
            algorithms = tuple(a for a in SUPPORTED_ALGORITHMS if a in listed)
        if not algorithms:
            raise ValueError(f"OpenID metadata lists no supported algorithm: {listed!r}")
        keys = _parse_keys(document.get("keys"))
        if not keys:
            raise ValueError(f"no usable RSA signing keys at {jwks_uri}")
        return keys, algorithms


def _describe(error: Exception) -> str:
    if isinstance(error, aiohttp.ClientResponseError):
        return f"HTTP {error.status} from {error.request_info.real_url}"
    return f"{type(error).__name__}: {error}"


async def _get_json(session: aiohttp.ClientSession, url: str) -> dict[str, Any]:
    async with session.get(url) as response:
        response.raise_for_status()
        document = await response.json(content_type=None)
    if not isinstance(document, dict):
        raise ValueError(f"{url} did not return a JSON object")
    return document


def _parse_keys(entries: object) -> dict[str, SigningKey]:
    keys: dict[str, SigningKey] = {}
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or entry.get("kty") != "RSA":
            continue
        kid = entry.get("kid")
        if not isinstance(kid, str) or not kid or entry.get("use", "sig") != "sig":
            continue
        try:
            key = RSAAlgorithm.from_jwk(entry)
        except (jwt.InvalidKeyError, ValueError, TypeError, KeyError) as error:
            log.warning("skipping unreadable signing key %s: %r", kid, error)
            continue
        if isinstance(key, RSAPrivateKey):
            key = key.public_key()
        endorsements = entry.get("endorsements")
        keys[kid] = SigningKey(
            kid=kid,
            public_key=key,
            endorsements=(
                frozenset(e for e in endorsements if isinstance(e, str))
                if isinstance(endorsements, list)
                else None
            ),
        )
    return keys


class BotFrameworkAuthenticator:
    """Checks the bearer token of every request the Bot Connector service sends us.

    Construct it once (no I/O happens here) and call :meth:`authenticate` per request.
    """

    def __init__(
        self,
        app_id: str,
        *,
        metadata_url: str = DEFAULT_OPENID_METADATA_URL,
        issuers: Iterable[str] = DEFAULT_ISSUERS,
        clock_skew: float = DEFAULT_CLOCK_SKEW,
        keys: SigningKeyCache | None = None,
        **cache_options: Any,
    ) -> None:
        """``cache_options`` go to :class:`SigningKeyCache` when ``keys`` is not given."""
        if not app_id:
            raise ValueError("the bot's Microsoft App ID is required")
        self.app_id = app_id
        self.issuers = tuple(issuers)
        if not self.issuers:
            raise ValueError("at least one trusted issuer is required")
        self.clock_skew = clock_skew
        self.keys = keys or SigningKeyCache(metadata_url, **cache_options)

    async def authenticate(
        self,
        authorization_header: str | None,
        service_url: str | None,
        channel_id: str | None = None,
    ) -> dict[str, Any]:
        """The token's claims if the request is from the Bot Connector for this bot.

        ``service_url`` and ``channel_id`` are the incoming activity's ``serviceUrl`` and
        ``channelId``. Raises :class:`AuthenticationError` otherwise.
        """
        token = _bearer_token(authorization_header)
        try:
            header = jwt.get_unverified_header(token)
        except jwt.DecodeError as error:
            raise AuthenticationError(Reason.MALFORMED_TOKEN, str(error)) from None
        algorithm = header.get("alg")
        if algorithm not in SUPPORTED_ALGORITHMS:
            raise AuthenticationError(Reason.ALGORITHM, repr(algorithm)[:40])
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise AuthenticationError(Reason.UNKNOWN_KEY, "the token names no key id")
        key = await self.keys.get(kid)
        claims = self._decode(token, key)
        _check_service_url(claims, service_url)
        if channel_id and key.endorsements is not None and channel_id not in key.endorsements:
            raise AuthenticationError(Reason.ENDORSEMENT, repr(channel_id[:64]))
        return claims

    def _decode(self, token: str, key: SigningKey) -> dict[str, Any]:
        try:
            return jwt.decode(
                token,
                key.public_key,
                algorithms=list(self.keys.algorithms),
                audience=self.app_id,
                issuer=self.issuers,
                leeway=self.clock_skew,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.InvalidSignatureError:
            raise AuthenticationError(Reason.SIGNATURE) from None
        except jwt.ExpiredSignatureError:
            raise AuthenticationError(Reason.EXPIRED) from None
        except jwt.ImmatureSignatureError:
            raise AuthenticationError(Reason.NOT_YET_VALID) from None
        except jwt.InvalidAudienceError:
            raise AuthenticationError(Reason.AUDIENCE) from None
        except jwt.InvalidIssuerError:
            raise AuthenticationError(Reason.ISSUER) from None
        except jwt.MissingRequiredClaimError as error:
            raise AuthenticationError(Reason.MISSING_CLAIM, error.claim) from None
        except jwt.InvalidAlgorithmError:
            raise AuthenticationError(Reason.ALGORITHM) from None
        except jwt.InvalidTokenError as error:
            raise AuthenticationError(Reason.MALFORMED_TOKEN, str(error)) from None


def _bearer_token(authorization_header: str | None) -> str:
    if not authorization_header or not authorization_header.strip():
        raise AuthenticationError(Reason.MISSING_HEADER)
    parts = authorization_header.split()
    if len(parts) != 2 or parts[0].lower() != "bearer":
        raise AuthenticationError(Reason.MALFORMED_HEADER)
    return parts[1]


def _check_service_url(claims: Mapping[str, Any], service_url: str | None) -> None:
    values = [value for name, value in claims.items() if name.lower() == SERVICE_URL_CLAIM]
    if not values:
        raise AuthenticationError(Reason.MISSING_CLAIM, SERVICE_URL_CLAIM)
    if not service_url:
        raise AuthenticationError(Reason.SERVICE_URL, "the activity has no serviceUrl")
    if any(value != service_url for value in values):
        raise AuthenticationError(Reason.SERVICE_URL)
