"""Who may use the web chat: OpenID Connect sign-in against the organisation's identity
provider (Microsoft Entra ID in docs/webchat.md; any OpenID Connect provider works).

Off unless ``WEGWIJZER_WEBCHAT_AUTH=oidc`` (:meth:`SignInSettings.from_environment`). Then
the authorization code flow with PKCE (S256) and a nonce, done by Authlib: its framework-free
client (:class:`OidcClient`) reads the provider's discovery document, builds the
authorization URL, exchanges the code at the token endpoint (``requests``), and verifies the
ID token with joserfc against the provider's published keys (signature, issuer, audience,
expiry, nonce, ``at_hash``). Nothing about the token is written by hand here.

Who is let in after a valid sign-in is :func:`admitted`: everyone the provider signs in when
no allow-list is set, else whoever matches one of the allowed e-mail domains or groups.

The calls to the provider are blocking (``requests``); the web chat runs them in a thread.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from authlib.integrations.base_client import BaseApp, OAuth2Mixin, OpenIDMixin
from authlib.integrations.requests_client import OAuth2Session

MODE = "WEGWIJZER_WEBCHAT_AUTH"
ISSUER = "WEGWIJZER_OIDC_ISSUER"
CLIENT_ID = "WEGWIJZER_OIDC_CLIENT_ID"
CLIENT_SECRET = "WEGWIJZER_OIDC_CLIENT_SECRET"
PUBLIC_URL = "WEGWIJZER_PUBLIC_URL"
ALLOWED_DOMAINS = "WEGWIJZER_WEBCHAT_ALLOWED_DOMAINS"
ALLOWED_GROUPS = "WEGWIJZER_WEBCHAT_ALLOWED_GROUPS"
SESSION_HOURS = "WEGWIJZER_WEBCHAT_SESSION_HOURS"

DEFAULT_SESSION_HOURS = 8.0  # one shift
MAX_SESSION_HOURS = 24.0 * 7
PROVIDER_TIMEOUT = 10.0  # seconds, per call to the provider
CALLBACK_PATH = "/chat/auth/callback"
SIGNED_OUT_PATH = "/chat/auth/signed-out"
# Claims that carry an account's e-mail-like name: Entra ID's upn and preferred_username,
# and the standard email claim (only when the provider does not say it is unverified).
DOMAIN_CLAIMS = ("email", "upn", "preferred_username")


class ConfigurationError(ValueError):
    """The sign-in settings are incomplete or unsafe; the message names the variable."""


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _https_or_loopback(variable: str, url: str) -> str:
    parts = urlsplit(url)
    if not parts.hostname or parts.scheme not in ("https", "http"):
        raise ConfigurationError(f"{variable} must be an absolute URL, got {url!r}")
    if parts.scheme == "http" and not _loopback(parts.hostname):
        raise ConfigurationError(f"{variable} must use https (http only on this machine)")
    return url.rstrip("/")


def _words(value: str) -> frozenset[str]:
    words = (word.strip().lower() for word in value.replace(";", ",").split(","))
    return frozenset(word for word in words if word)


@dataclass(frozen=True)
class SignInSettings:
    """The web chat's sign-in, as the environment configures it (docs/webchat.md)."""

    issuer: str
    client_id: str
    public_url: str  # where people open the chat, e.g. https://wegwijzer.gemeente.nl
    client_secret: str | None = field(default=None, repr=False)
    allowed_domains: frozenset[str] = frozenset()
    allowed_groups: frozenset[str] = frozenset()
    session_hours: float = DEFAULT_SESSION_HOURS
    scopes: str = "openid profile email"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> SignInSettings | None:
        """The settings when ``WEGWIJZER_WEBCHAT_AUTH=oidc``, None when it is unset, empty or
        ``off``; any other value, or a missing or unsafe setting, raises
        :class:`ConfigurationError` so that the server does not start half-protected."""
        env = os.environ if environ is None else environ
        mode = env.get(MODE, "").strip().lower()
        if mode in ("", "off"):
            return None
        if mode != "oidc":
            raise ConfigurationError(f"{MODE} must be 'oidc' or 'off', got {mode!r}")
        required = (ISSUER, CLIENT_ID, PUBLIC_URL)
        missing = [name for name in required if not env.get(name, "").strip()]
        if missing:
            raise ConfigurationError(f"{MODE}=oidc needs {', '.join(missing)}")
        try:
            hours = float(env.get(SESSION_HOURS) or DEFAULT_SESSION_HOURS)
        except ValueError as error:
            raise ConfigurationError(f"{SESSION_HOURS} must be a number of hours") from error
        if not 0 < hours <= MAX_SESSION_HOURS:
            raise ConfigurationError(f"{SESSION_HOURS} must be between 0 and {MAX_SESSION_HOURS:g}")
        return cls(
            issuer=_https_or_loopback(ISSUER, env[ISSUER].strip()),
            client_id=env[CLIENT_ID].strip(),
            public_url=_https_or_loopback(PUBLIC_URL, env[PUBLIC_URL].strip()),
            client_secret=env.get(CLIENT_SECRET, "").strip() or None,
            allowed_domains=_words(env.get(ALLOWED_DOMAINS, "")),
            allowed_groups=_words(env.get(ALLOWED_GROUPS, "")),
            session_hours=hours,
        )

    @property
    def callback_url(self) -> str:
        """The redirect URI to register with the provider."""
        return self.public_url + CALLBACK_PATH

    @property
    def signed_out_url(self) -> str:
        """Where the provider sends people back after signing out (post-logout redirect)."""
        return self.public_url + SIGNED_OUT_PATH


def admitted(claims: Mapping[str, Any], settings: SignInSettings) -> bool:
    """Whether a signed-in account may use the chat: yes without allow-lists; else when one
    of its groups (the ``groups`` claim) or the domain of its e-mail-like name (``email``
    unless ``email_verified`` is false, ``upn``, ``preferred_username``) is allowed."""
    if not settings.allowed_domains and not settings.allowed_groups:
        return True
    groups = claims.get("groups")
    if isinstance(groups, list) and settings.allowed_groups & {
        str(group).lower() for group in groups
    }:
        return True
    for claim in DOMAIN_CLAIMS:
        if claim == "email" and claims.get("email_verified") is False:
            continue
        value = claims.get(claim)
        if not isinstance(value, str) or "@" not in value:
            continue
        if value.rsplit("@", 1)[1].lower() in settings.allowed_domains:
            return True
    return False


class _NoFramework:
    """Authlib's apps report refreshed tokens to their web framework; the chat keeps none."""

    def update_token(self, token: Any, refresh_token: Any = None, access_token: Any = None) -> None:
        return None


class _AuthlibClient(OAuth2Mixin, OpenIDMixin, BaseApp):
    """Authlib's OpenID Connect client without a web framework, over ``requests``."""

    client_cls = OAuth2Session


@dataclass(frozen=True)
class Authorization:
    """One sign-in under way: where to send the browser, and what to keep until it returns."""

    url: str
    state: str
    code_verifier: str
    nonce: str


class SignInError(Exception):
    """The provider's answer could not be verified or the provider could not be reached."""


class OidcClient:
    """The three conversations with the provider the web chat needs (blocking calls)."""

    def __init__(self, settings: SignInSettings) -> None:
        self.settings = settings
        client_kwargs: dict[str, Any] = {
            "scope": settings.scopes,
            "code_challenge_method": "S256",
            "default_timeout": PROVIDER_TIMEOUT,
        }
        if settings.client_secret is None:
            client_kwargs["token_endpoint_auth_method"] = "none"  # a public client: PKCE only
        self._client = _AuthlibClient(
            framework=_NoFramework(),
            name="wegwijzer",
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            server_metadata_url=settings.issuer + "/.well-known/openid-configuration",
            client_kwargs=client_kwargs,
        )

    def metadata(self) -> dict[str, Any]:
        """The provider's discovery document (fetched once), checked to be the configured
        issuer's own."""
        metadata: dict[str, Any] = self._client.load_server_metadata()
        if str(metadata.get("issuer", "")).rstrip("/") != self.settings.issuer:
            raise SignInError("the discovery document names another issuer")
        return metadata

    def authorization(self) -> Authorization:
        """A new authorization request: fresh state, PKCE verifier and nonce."""
        try:
            self.metadata()
            made = self._client.create_authorization_url(redirect_uri=self.settings.callback_url)
        except SignInError:
            raise
        except Exception as error:  # requests, JSON or metadata errors: provider unusable
            raise SignInError(f"authorization request failed: {type(error).__name__}") from error
        return Authorization(
            url=made["url"],
            state=made["state"],
            code_verifier=made["code_verifier"],
            nonce=made["nonce"],
        )

    def claims(self, code: str, code_verifier: str, nonce: str) -> dict[str, Any]:
        """Exchange ``code`` for tokens and return the verified ID token's claims."""
        try:
            token = self._client.fetch_access_token(
                redirect_uri=self.settings.callback_url, code=code, code_verifier=code_verifier
            )
            claims = self._client.parse_id_token(token, nonce=nonce)
        except Exception as error:  # Authlib's OAuthError, joserfc's errors, requests' errors
            raise SignInError(f"sign-in not verified: {type(error).__name__}") from error
        if not claims or not claims.get("sub"):
            raise SignInError("the provider returned no ID token")
        return dict(claims)

    def logout_url(self) -> str | None:
        """The provider's end-session URL (RP-initiated logout) back to the signed-out page,
        or None when the provider has none."""
        try:
            metadata = self.metadata()
        except Exception:  # sign-out must work even when the provider is unreachable
            return None
        endpoint = metadata.get("end_session_endpoint")
        if not endpoint:
            return None
        made = self._client.create_logout_url(
            post_logout_redirect_uri=self.settings.signed_out_url, client_id=self.settings.client_id
        )
        return str(made["url"])
