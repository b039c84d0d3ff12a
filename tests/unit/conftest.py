"""Fixtures of the unit tests that talk to the Bot Framework stand-ins over real HTTP: the
token endpoint and the Bot Connector (tests/botframework_fakes.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.botframework_fakes import APP_ID, APP_PASSWORD, ConnectorServer, TokenServer


@pytest.fixture
def tokens() -> Iterator[TokenServer]:
    """The tenant's token endpoint, issuing tokens for ``APP_ID`` / ``APP_PASSWORD``."""
    with TokenServer(APP_ID, APP_PASSWORD) as server:
        yield server


@pytest.fixture
def connector(tokens: TokenServer) -> Iterator[ConnectorServer]:
    """The Bot Connector service, accepting only tokens that ``tokens`` issued."""
    with ConnectorServer(tokens) as server:
        yield server
