"""The web chat's sign-in settings and allow-list (bot/channels/oidc.py)."""

from __future__ import annotations

import pytest

from bot.channels.oidc import ConfigurationError, SignInSettings, admitted

BASE = {
    "WEGWIJZER_WEBCHAT_AUTH": "oidc",
    "WEGWIJZER_OIDC_ISSUER": "https://login.microsoftonline.com/tenant-id/v2.0/",
    "WEGWIJZER_OIDC_CLIENT_ID": "app-id",
    "WEGWIJZER_PUBLIC_URL": "https://wegwijzer.gemeente.example/",
}


@pytest.mark.parametrize("mode", [None, "", "off", "OFF"])
def test_sign_in_is_off_unless_asked_for(mode: str | None) -> None:
    env = {} if mode is None else {"WEGWIJZER_WEBCHAT_AUTH": mode}
    assert SignInSettings.from_environment(env) is None


def test_the_settings_of_an_entra_registration() -> None:
    env = {
        **BASE,
        "WEGWIJZER_OIDC_CLIENT_SECRET": "s3cret",
        "WEGWIJZER_WEBCHAT_ALLOWED_DOMAINS": "Gemeente.example; politie.example",
        "WEGWIJZER_WEBCHAT_ALLOWED_GROUPS": "0b4f-GROUP",
        "WEGWIJZER_WEBCHAT_SESSION_HOURS": "10",
    }
    settings = SignInSettings.from_environment(env)
    assert settings is not None
    assert settings.issuer == "https://login.microsoftonline.com/tenant-id/v2.0"
    assert settings.callback_url == "https://wegwijzer.gemeente.example/chat/auth/callback"
    assert settings.signed_out_url == "https://wegwijzer.gemeente.example/chat/auth/signed-out"
    assert settings.allowed_domains == {"gemeente.example", "politie.example"}
    assert settings.allowed_groups == {"0b4f-group"}
    assert settings.session_hours == 10
    assert "s3cret" not in repr(settings)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"WEGWIJZER_WEBCHAT_AUTH": "oicd"}, "WEGWIJZER_WEBCHAT_AUTH"),
        ({"WEGWIJZER_OIDC_ISSUER": ""}, "WEGWIJZER_OIDC_ISSUER"),
        ({"WEGWIJZER_OIDC_CLIENT_ID": " "}, "WEGWIJZER_OIDC_CLIENT_ID"),
        ({"WEGWIJZER_PUBLIC_URL": ""}, "WEGWIJZER_PUBLIC_URL"),
        ({"WEGWIJZER_PUBLIC_URL": "http://wegwijzer.gemeente.example"}, "https"),
        ({"WEGWIJZER_OIDC_ISSUER": "http://idp.example"}, "https"),
        ({"WEGWIJZER_PUBLIC_URL": "wegwijzer.gemeente.example"}, "absolute URL"),
        ({"WEGWIJZER_WEBCHAT_SESSION_HOURS": "acht"}, "number"),
        ({"WEGWIJZER_WEBCHAT_SESSION_HOURS": "0"}, "between"),
        ({"WEGWIJZER_WEBCHAT_SESSION_HOURS": "1000"}, "between"),
    ],
)
def test_a_half_configured_sign_in_stops_the_server(change: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigurationError, match=named):
        SignInSettings.from_environment({**BASE, **change})


def test_plain_http_only_on_this_machine() -> None:
    for host in ("localhost:5005", "127.0.0.1:5005", "[::1]:5005"):
        env = {
            **BASE,
            "WEGWIJZER_PUBLIC_URL": f"http://{host}",
            "WEGWIJZER_OIDC_ISSUER": f"http://{host}",
        }
        assert SignInSettings.from_environment(env) is not None


def settings(domains: str = "", groups: str = "") -> SignInSettings:
    env = {
        **BASE,
        "WEGWIJZER_WEBCHAT_ALLOWED_DOMAINS": domains,
        "WEGWIJZER_WEBCHAT_ALLOWED_GROUPS": groups,
    }
    made = SignInSettings.from_environment(env)
    assert made is not None
    return made


def test_without_allow_lists_everyone_the_provider_signs_in_is_admitted() -> None:
    assert admitted({"sub": "x"}, settings())


def test_admitted_by_domain_of_email_upn_or_preferred_username() -> None:
    allowed = settings(domains="gemeente.example")
    assert admitted({"sub": "a", "email": "a@Gemeente.Example"}, allowed)
    assert admitted({"sub": "a", "upn": "a@gemeente.example"}, allowed)
    assert admitted({"sub": "a", "preferred_username": "a@gemeente.example"}, allowed)
    assert not admitted({"sub": "a", "email": "a@gemeente.example.evil"}, allowed)
    assert not admitted({"sub": "a", "email": "gemeente.example@elders.example"}, allowed)
    assert not admitted(
        {"sub": "a", "email": "a@gemeente.example", "email_verified": False}, allowed
    )
    assert not admitted({"sub": "a"}, allowed)


def test_admitted_by_group_whatever_the_domain() -> None:
    allowed = settings(domains="gemeente.example", groups="wegwijzer-gebruikers")
    assert admitted(
        {"sub": "b", "email": "b@politie.example", "groups": ["Wegwijzer-Gebruikers"]}, allowed
    )
    assert not admitted({"sub": "b", "email": "b@politie.example", "groups": ["anderen"]}, allowed)
    assert not admitted({"sub": "b", "groups": "wegwijzer-gebruikers"}, allowed)  # not a list
