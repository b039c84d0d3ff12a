"""The Rasa domain as plain data: ``domain/`` holds one YAML file per feature (core,
situations, guided situations, onboarding, feedback, conversation) and the generated
responses of the knowledge entries (``knowledge_responses.yml``, written by
scripts/generate/sync_knowledge.py). Rasa reads the directory itself; :func:`load_domain`
merges it the same way for our own checks and lookups, without importing Rasa.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DOMAIN_DIR = Path(__file__).resolve().parents[1] / "domain"


@cache
def load_domain(directory: Path = DOMAIN_DIR) -> dict[str, Any]:
    """All files of ``directory`` merged: lists (intents, entities, actions) concatenated in
    file-name order, mappings (slots, responses, forms, session_config) combined."""
    merged: dict[str, Any] = {}
    for file in sorted(directory.glob("*.yml")):
        part = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for key, value in part.items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            elif isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            else:
                merged[key] = value
    return merged


def action_names(domain: dict[str, Any]) -> list[str]:
    """The custom actions the domain declares, by name. An entry is a name, or a mapping
    of a name to its settings (``- validate_crisis_form: {send_domain: true}``)."""
    names: list[str] = []
    for entry in domain.get("actions", []):
        names.extend([entry] if isinstance(entry, str) else list(entry))
    return names


def actions_sent_the_domain(domain: dict[str, Any]) -> set[str]:
    """The actions Rasa sends the domain to (``send_domain: true``); endpoints.yml's
    ``enable_selective_domain`` leaves it out of every other action call."""
    return {
        name
        for entry in domain.get("actions", [])
        if isinstance(entry, dict)
        for name, settings in entry.items()
        if (settings or {}).get("send_domain")
    }
