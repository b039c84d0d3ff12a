"""Whether questions can go to the organisation's experts, and where (environment).

``WEGWIJZER_EXPERTS_CHANNEL``: the conversation id of the experts' Teams channel
(``19:…@thread.tacv2``); ``WEGWIJZER_EXPERTS_SERVICE_URL``: the Bot Connector's service URL
for that team (Teams gives it in every activity from the team, e.g.
``https://smba.trafficmanager.net/emea/``). Both the Rasa server (which posts and routes the
cards) and the action server (which prepares the question) read them. The cards are posted
with the Teams bot's own identity, so the Rasa server also needs the Teams settings
(``TEAMS_APP_ID``, ``TEAMS_APP_PASSWORD``; :meth:`bot.experts.desk.ExpertDesk.from_environment`);
the action server does not.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

CHANNEL_VARIABLE = "WEGWIJZER_EXPERTS_CHANNEL"
SERVICE_URL_VARIABLE = "WEGWIJZER_EXPERTS_SERVICE_URL"


@dataclass(frozen=True)
class ExpertsSettings:
    """The experts' channel: its conversation id and the service URL to post there."""

    channel: str
    service_url: str

    @classmethod
    def from_environment(cls) -> ExpertsSettings | None:
        """The settings, or None when questions to experts are not switched on (one of the
        two variables is empty)."""
        channel = os.environ.get(CHANNEL_VARIABLE, "").strip()
        service_url = os.environ.get(SERVICE_URL_VARIABLE, "").strip()
        if not (channel and service_url):
            return None
        return cls(channel=channel, service_url=service_url)

    def is_experts_conversation(self, activity: Mapping[str, Any]) -> bool:
        """True for an activity in the experts' channel (any of its threads): the
        conversation id without its ``;messageid=…`` is the channel's."""
        conversation = activity.get("conversation") or {}
        conversation_id = str(conversation.get("id") or "")
        return conversation_id.split(";", 1)[0] == self.channel


def experts_offered() -> bool:
    """Whether the experts' channel is configured (the action server prepares questions)."""
    return ExpertsSettings.from_environment() is not None
