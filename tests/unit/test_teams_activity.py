"""Which activities the Teams channel reads and from whom (bot/channels/teams_activity.py);
the same on the real server: tests/integration/test_teams.py."""

from __future__ import annotations

import pytest

from bot.channels.teams import TeamsSettings
from bot.channels.teams_activity import identity_problem, shape_problem
from tests import teams_activities as teams

SERVICE = "https://smba.trafficmanager.net/emea/"


def test_a_real_message_invoke_and_update_have_the_right_shape() -> None:
    for activity in (
        teams.personal_message(SERVICE, "hoi"),
        teams.channel_message(SERVICE, "hoi"),
        teams.extension_query(SERVICE, "gerucht"),
        teams.bot_installed(SERVICE),
    ):
        assert shape_problem(activity) is None


def test_the_reason_names_the_field_not_the_data() -> None:
    activity = teams.personal_message(SERVICE, "Jayden woont op de Dorpsstraat")
    activity["text"] = ["Jayden"]
    problem = shape_problem(activity) or ""
    assert problem.startswith("text:") and "Jayden" not in problem


def test_only_accepted_channels_and_tenants() -> None:
    activity = teams.personal_message(SERVICE, "hoi")
    own = teams.TENANT["id"]
    assert identity_problem(activity, ("msteams",), (own,)) is None
    assert identity_problem(activity, ("msteams",), ("other",)) == "tenant not accepted"
    assert identity_problem(activity, ("msteams",), ()) is None  # no list: any tenant
    assert identity_problem({**activity, "channelId": "webchat"}, ("msteams",), (own,)) == (
        "channel not accepted"
    )


def test_settings_default_to_teams_and_the_bots_own_tenant(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TEAMS_TENANT_ID", "tenant-a")
    monkeypatch.delenv("TEAMS_CHANNELS", raising=False)
    monkeypatch.delenv("TEAMS_ALLOWED_TENANTS", raising=False)
    settings = TeamsSettings.from_environment()
    assert settings.channels == ("msteams",) and settings.allowed_tenants == ("tenant-a",)
    monkeypatch.setenv("TEAMS_ALLOWED_TENANTS", "tenant-a, tenant-b")
    monkeypatch.setenv("TEAMS_CHANNELS", "msteams,webchat")
    settings = TeamsSettings.from_environment()
    assert settings.allowed_tenants == ("tenant-a", "tenant-b")
    assert settings.channels == ("msteams", "webchat")
