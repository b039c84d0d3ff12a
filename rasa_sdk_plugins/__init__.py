"""rasa-sdk's plugin hook (``rasa_sdk.plugin``): the action server imports a top-level
package of this name at start and lets it extend its Sanic app. Ours adds the operators'
endpoints and metrics of :mod:`bot.action_server`; nothing else belongs here."""

from __future__ import annotations

from typing import Any


def init_hooks(manager: Any) -> None:
    """Register Wegwijzer's extension with rasa-sdk's plugin manager."""
    from bot import action_server

    manager.register(action_server)
