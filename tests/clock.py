"""A clock the test turns, for code that takes one (``clock=`` returning Unix seconds)."""

from __future__ import annotations


class Clock:
    """Starts at a fixed moment; ``clock.now += 60`` moves it a minute on."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now
