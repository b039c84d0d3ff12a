"""Bot Connector → bot authentication, against a local OpenID metadata + keys server.

Every rule from Microsoft's "Authenticate requests from the Bot Connector service to your bot"
is exercised with a real token over real HTTP: a valid one passes, each kind of bad one is
refused with its own reason, and the keys are fetched lazily, cached, and refreshed (once) for
an unknown key id.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import socket
import time
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from bot.channels.botframework_auth import (
    AuthenticationError,
    BotFrameworkAuthenticator,
    Reason,
)
from tests.botframework_fakes import APP_ID, FakeClock, OpenIdServer, RsaKey

SERVICE_URL = "https://smba.trafficmanager.net/emea/"
CHANNEL = "msteams"


@pytest.fixture
def openid() -> Iterator[OpenIdServer]:
    with OpenIdServer() as server:
        yield server


def make_authenticator(openid: OpenIdServer, **options: Any) -> BotFrameworkAuthenticator:
    return BotFrameworkAuthenticator(APP_ID, metadata_url=openid.metadata_url, **options)


def authenticate(
    authenticator: BotFrameworkAuthenticator,
    header: str | None,
    service_url: str | None = SERVICE_URL,
    channel_id: str | None = CHANNEL,
) -> dict[str, Any]:
    return asyncio.run(authenticator.authenticate(header, service_url, channel_id))


def refusal(authenticator: BotFrameworkAuthenticator, header: str | None, **kw: Any) -> Reason:
    with pytest.raises(AuthenticationError) as caught:
        authenticate(authenticator, header, **kw)
    return caught.value.reason


def test_valid_token_is_accepted_and_its_claims_returned(openid: OpenIdServer) -> None:
    authenticator = make_authenticator(openid)
    claims = authenticate(authenticator, openid.authorization(APP_ID, SERVICE_URL))
    assert claims["aud"] == APP_ID
    assert claims["iss"] == "https://api.botframework.com"
    assert claims["serviceurl"] == SERVICE_URL


def test_forged_signature_is_refused(openid: OpenIdServer) -> None:
    forger = RsaKey.named("forger")  # same key id as the published key, other key material
    token = forger.sign(
        {"iss": "https://api.botframework.com", "aud": APP_ID, "serviceurl": SERVICE_URL,
         "exp": int(time.time()) + 600},
        kid=openid.keys[0].kid,
    )  # fmt: skip
    assert refusal(make_authenticator(openid), f"Bearer {token}") is Reason.SIGNATURE


def test_tampered_payload_is_refused(openid: OpenIdServer) -> None:
    header, _, signature = openid.token(APP_ID, SERVICE_URL).split(".")
    other_payload = openid.token("another-bot", SERVICE_URL).split(".")[1]
    tampered = f"Bearer {header}.{other_payload}.{signature}"
    assert refusal(make_authenticator(openid), tampered) is Reason.SIGNATURE


def test_expired_token_is_refused_but_clock_skew_is_tolerated(openid: OpenIdServer) -> None:
    authenticator = make_authenticator(openid)
    now = int(time.time())
    expired = openid.authorization(APP_ID, SERVICE_URL, exp=now - 6 * 60, nbf=now - 3600)
    assert refusal(authenticator, expired) is Reason.EXPIRED
    just_expired = openid.authorization(APP_ID, SERVICE_URL, exp=now - 60, nbf=now - 3600)
    assert authenticate(authenticator, just_expired)["aud"] == APP_ID


def test_token_not_yet_valid_is_refused(openid: OpenIdServer) -> None:
    authenticator = make_authenticator(openid)
    now = int(time.time())
    future = openid.authorization(APP_ID, SERVICE_URL, nbf=now + 3600, exp=now + 7200)
    assert refusal(authenticator, future) is Reason.NOT_YET_VALID
    slightly_early = openid.authorization(APP_ID, SERVICE_URL, nbf=now + 60)
    assert authenticate(authenticator, slightly_early)["aud"] == APP_ID


def test_token_for_another_bot_is_refused(openid: OpenIdServer) -> None:
    header = openid.authorization("00000000-0000-0000-0000-000000000000", SERVICE_URL)
    assert refusal(make_authenticator(openid), header) is Reason.AUDIENCE


def test_token_from_another_issuer_is_refused(openid: OpenIdServer) -> None:
    header = openid.authorization(APP_ID, SERVICE_URL, issuer="https://sts.windows.net/evil/")
    assert refusal(make_authenticator(openid), header) is Reason.ISSUER


def test_issuers_are_configurable(openid: OpenIdServer) -> None:
    other = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/"
    authenticator = make_authenticator(openid, issuers=["https://api.botframework.com", other])
    assert authenticate(authenticator, openid.authorization(APP_ID, SERVICE_URL, issuer=other))


def test_token_for_another_service_url_is_refused(openid: OpenIdServer) -> None:
    authenticator = make_authenticator(openid)
    header = openid.authorization(APP_ID, "https://attacker.example/")
    assert refusal(authenticator, header) is Reason.SERVICE_URL
    assert refusal(authenticator, header, service_url=None) is Reason.SERVICE_URL


def test_service_url_claim_is_required_in_either_spelling(openid: OpenIdServer) -> None:
    authenticator = make_authenticator(openid)
    without = openid.authorization(APP_ID, SERVICE_URL, serviceurl=None)
    assert refusal(authenticator, without) is Reason.MISSING_CLAIM
    documented = openid.authorization(APP_ID, SERVICE_URL, serviceurl=None, serviceUrl=SERVICE_URL)
    assert authenticate(authenticator, documented)["serviceUrl"] == SERVICE_URL
    disagreeing = openid.authorization(APP_ID, SERVICE_URL, serviceUrl="https://x.example/")
    assert refusal(authenticator, disagreeing) is Reason.SERVICE_URL


def test_token_without_expiry_is_refused(openid: OpenIdServer) -> None:
    header = openid.authorization(APP_ID, SERVICE_URL, exp=None)
    assert refusal(make_authenticator(openid), header) is Reason.MISSING_CLAIM


@pytest.mark.parametrize("header", [None, "", "   "])
def test_missing_header_is_refused(openid: OpenIdServer, header: str | None) -> None:
    assert refusal(make_authenticator(openid), header) is Reason.MISSING_HEADER


@pytest.mark.parametrize("scheme", ["Basic {token}", "Bearer", "{token}", "Bearer {token} x"])
def test_malformed_header_is_refused(openid: OpenIdServer, scheme: str) -> None:
    header = scheme.format(token=openid.token(APP_ID, SERVICE_URL))
    assert refusal(make_authenticator(openid), header) is Reason.MALFORMED_HEADER


@pytest.mark.parametrize("token", ["not-a-jwt", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30"])
def test_malformed_token_is_refused_without_fetching_keys(openid: OpenIdServer, token: str) -> None:
    assert refusal(make_authenticator(openid), f"Bearer {token}") is Reason.MALFORMED_TOKEN
    assert openid.metadata_requests == 0


def test_other_algorithms_are_refused(openid: OpenIdServer) -> None:
    """Neither an unsigned token nor the HS256-with-the-public-key confusion gets through."""
    authenticator = make_authenticator(openid)
    claims = {"iss": "https://api.botframework.com", "aud": APP_ID, "serviceurl": SERVICE_URL,
              "exp": int(time.time()) + 600}  # fmt: skip
    unsigned = jwt.encode(claims, None, algorithm="none", headers={"kid": openid.keys[0].kid})
    assert refusal(authenticator, f"Bearer {unsigned}") is Reason.ALGORITHM
    public_pem = (
        openid.keys[0]
        .private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    confused = _hs256(claims, public_pem, openid.keys[0].kid)
    assert refusal(authenticator, f"Bearer {confused}") is Reason.ALGORITHM


def _hs256(claims: dict[str, Any], secret: bytes, kid: str) -> str:
    """An HS256 token keyed with ``secret`` (PyJWT refuses to build this one itself)."""

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    head = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": kid}).encode())
    body = b64(json.dumps(claims).encode())
    mac = hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64(mac)}"


def test_unknown_key_id_triggers_exactly_one_refresh(openid: OpenIdServer) -> None:
    authenticator = make_authenticator(openid)
    assert authenticate(authenticator, openid.authorization(APP_ID, SERVICE_URL))
    assert (openid.metadata_requests, openid.keys_requests) == (1, 1)

    unknown = openid.authorization(APP_ID, SERVICE_URL, kid="no-such-key")
    assert refusal(authenticator, unknown) is Reason.UNKNOWN_KEY
    assert (openid.metadata_requests, openid.keys_requests) == (2, 2)

    for kid in ("bogus-1", "bogus-2", "no-such-key"):  # a flood of made-up key ids
        bogus = openid.authorization(APP_ID, SERVICE_URL, kid=kid)
        assert refusal(authenticator, bogus) is Reason.UNKNOWN_KEY
    assert (openid.metadata_requests, openid.keys_requests) == (2, 2)


def test_new_key_is_picked_up_on_rollover(openid: OpenIdServer) -> None:
    clock = FakeClock()
    authenticator = make_authenticator(openid, clock=clock)
    assert authenticate(authenticator, openid.authorization(APP_ID, SERVICE_URL))
    new_key = RsaKey.named("test-key-2")
    openid.keys.append(new_key)
    clock.now += 10 * 60  # past the rate limit, still within the 24 h cache period
    header = openid.authorization(APP_ID, SERVICE_URL, key=new_key)
    assert authenticate(authenticator, header)["aud"] == APP_ID
    assert openid.metadata_requests == 2


def test_keys_are_fetched_lazily_and_cached() -> None:
    with socket.socket() as probe:  # a port with nothing listening yet
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = OpenIdServer(port=port)
    authenticator = BotFrameworkAuthenticator(APP_ID, metadata_url=server.metadata_url)
    with server:  # the metadata server comes up only after the authenticator was made
        assert server.metadata_requests == 0
        assert authenticate(authenticator, server.authorization(APP_ID, SERVICE_URL))
        assert authenticate(authenticator, server.authorization(APP_ID, SERVICE_URL))
        assert (server.metadata_requests, server.keys_requests) == (1, 1)


def test_keys_are_refreshed_every_24_hours(openid: OpenIdServer) -> None:
    clock = FakeClock()
    authenticator = make_authenticator(openid, clock=clock)
    header = openid.authorization(APP_ID, SERVICE_URL)
    authenticate(authenticator, header)
    clock.now += 23 * 3600
    authenticate(authenticator, header)
    assert openid.metadata_requests == 1
    clock.now += 3600
    authenticate(authenticator, header)
    assert openid.metadata_requests == 2


def test_unreachable_keys_give_503_and_are_retried_later(openid: OpenIdServer) -> None:
    clock = FakeClock()
    authenticator = make_authenticator(openid, clock=clock)
    header = openid.authorization(APP_ID, SERVICE_URL)
    openid.available = False
    with pytest.raises(AuthenticationError) as caught:
        authenticate(authenticator, header)
    assert (caught.value.reason, caught.value.status) == (Reason.KEYS_UNAVAILABLE, 503)
    openid.available = True
    assert refusal(authenticator, header) is Reason.KEYS_UNAVAILABLE  # not retried at once
    assert openid.metadata_requests == 1
    clock.now += 60
    assert authenticate(authenticator, header)["aud"] == APP_ID
    assert openid.metadata_requests == 2


def test_failed_refresh_keeps_the_keys_we_have(openid: OpenIdServer) -> None:
    clock = FakeClock()
    authenticator = make_authenticator(openid, clock=clock)
    header = openid.authorization(APP_ID, SERVICE_URL)
    authenticate(authenticator, header)
    openid.available = False
    clock.now += 25 * 3600
    assert authenticate(authenticator, header)["aud"] == APP_ID
    assert openid.metadata_requests == 2


def test_concurrent_first_requests_share_one_fetch(openid: OpenIdServer) -> None:
    authenticator = make_authenticator(openid)
    header = openid.authorization(APP_ID, SERVICE_URL)

    async def many() -> list[dict[str, Any]]:
        return await asyncio.gather(
            *(authenticator.authenticate(header, SERVICE_URL, CHANNEL) for _ in range(10))
        )

    assert len(asyncio.run(many())) == 10
    assert (openid.metadata_requests, openid.keys_requests) == (1, 1)


def test_key_endorsements_are_honoured() -> None:
    with OpenIdServer([RsaKey.named("test-key-1", endorsements=["msteams"])]) as openid:
        authenticator = make_authenticator(openid)
        header = openid.authorization(APP_ID, SERVICE_URL)
        assert authenticate(authenticator, header, channel_id="msteams")
        assert authenticate(authenticator, header, channel_id=None)
        with pytest.raises(AuthenticationError) as caught:
            authenticate(authenticator, header, channel_id="webchat")
        assert (caught.value.reason, caught.value.status) == (Reason.ENDORSEMENT, 403)


def test_key_without_endorsements_signs_for_any_channel() -> None:
    with OpenIdServer([RsaKey.named("test-key-1", endorsements=None)]) as openid:
        header = openid.authorization(APP_ID, SERVICE_URL)
        assert authenticate(make_authenticator(openid), header, channel_id="webchat")


def test_constructor_needs_an_app_id() -> None:
    with pytest.raises(ValueError):
        BotFrameworkAuthenticator("")


def test_keys_that_could_not_be_refreshed_expire_after_the_maximum_age(
    openid: OpenIdServer,
) -> None:
    clock = FakeClock()
    authenticator = make_authenticator(openid, clock=clock, max_key_age=3 * 24 * 3600.0)
    header = openid.authorization(APP_ID, SERVICE_URL)
    authenticate(authenticator, header)
    openid.available = False
    clock.now += 2 * 24 * 3600
    assert authenticate(authenticator, header)["aud"] == APP_ID  # old keys, still trusted
    clock.now += 24 * 3600 + 1
    with pytest.raises(AuthenticationError) as caught:
        authenticate(authenticator, header)
    assert caught.value.reason is Reason.KEYS_UNAVAILABLE and caught.value.status == 503
    openid.available = True
    clock.now += 60  # the retry interval
    assert authenticate(authenticator, header)["aud"] == APP_ID


def test_a_slow_refresh_never_holds_a_request_longer_than_max_wait(openid: OpenIdServer) -> None:
    clock = FakeClock()
    authenticator = make_authenticator(openid, clock=clock, max_wait=0.3)
    header = openid.authorization(APP_ID, SERVICE_URL)
    authenticate(authenticator, header)
    openid.delay = 10.0
    clock.now += 25 * 3600  # a refresh is due, and the key service hangs
    started = time.monotonic()
    assert authenticate(authenticator, header)["aud"] == APP_ID
    assert time.monotonic() - started < 5  # not the 10 s the key service takes
