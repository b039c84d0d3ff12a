"""Reading the test sets' YAML files (tests/safety, tests/followups), whatever their shape."""

from __future__ import annotations


def messages(node: object) -> list[str]:
    """Every string in a parsed YAML document: the messages of a test set."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [m for v in node.values() for m in messages(v)]
    if isinstance(node, list):
        return [m for v in node for m in messages(v)]
    return []
