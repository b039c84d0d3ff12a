"""Load ``knowledge/entries/*.yml`` and validate it against ``knowledge/schema.json``.

Validation runs at start-up (the action server loads the knowledge base once) and in tests.
Every problem is reported as ``<file>: <field>: <message>`` so a curator can fix it at once.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator

from bot.knowledge.model import Entry, KnowledgeBase, Section

KNOWLEDGE_DIR = Path(__file__).resolve().parents[2] / "knowledge"


class KnowledgeError(ValueError):
    """The knowledge base is invalid; ``problems`` lists every ``file: field: message``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid knowledge base:\n  " + "\n  ".join(problems))


def _field_path(path: Any) -> str:
    """``['sources', 0, 'pages']`` → ``sources[0].pages``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "(entry)"


def validated_yaml(directory: Path, name: str, schema: str) -> Any:
    """The data of the YAML file ``directory/name``, valid against the JSON schema
    ``directory/schema``; else :class:`KnowledgeError` naming the file and the field of every
    problem ("quiz.yml: questions.0.answer: …"). For the files beside the entries (quiz,
    tour), whose own checks come after."""
    validator = Draft7Validator(json.loads((directory / schema).read_text(encoding="utf-8")))
    data = yaml.safe_load((directory / name).read_text(encoding="utf-8"))
    problems = [
        f"{name}: {'.'.join(str(p) for p in e.absolute_path) or '(file)'}: {e.message}"
        for e in validator.iter_errors(data)
    ]
    if problems:
        raise KnowledgeError(problems)
    return data


def _read(file: Path, validator: Draft7Validator, problems: list[str]) -> dict[str, Any] | None:
    name = f"{file.parent.parent.name}/{file.parent.name}/{file.name}"
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as yaml_error:
        problems.append(f"{name}: (yaml): {yaml_error}")
        return None
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    for error in errors:
        problems.append(f"{name}: {_field_path(error.absolute_path)}: {error.message}")
    if errors:
        return None
    if data["id"] != file.stem:
        problems.append(f"{name}: id: '{data['id']}' must equal the file name '{file.stem}'")
        return None
    return data


def load_knowledge(directory: Path = KNOWLEDGE_DIR) -> KnowledgeBase:
    """Load and validate every entry; raise :class:`KnowledgeError` listing all problems."""
    schema = json.loads((directory / "schema.json").read_text(encoding="utf-8"))
    validator = Draft7Validator(schema)
    problems: list[str] = []
    entries: dict[str, Entry] = {}
    files = sorted((directory / "entries").glob("*.yml"))
    if not files:
        problems.append(f"{directory / 'entries'}: no entries (*.yml) found")
    for file in files:
        data = _read(file, validator, problems)
        if data is not None:
            entries[data["id"]] = Entry.from_dict(data)
    known = {file.stem for file in files}  # invalid entries are reported once, above
    for entry in entries.values():
        where = f"{directory.name}/entries/{entry.id}.yml"
        for index, other in enumerate(entry.related):
            if other == entry.id or other not in known:
                why = "refers to itself" if other == entry.id else "is not an entry"
                problems.append(f"{where}: related[{index}]: '{other}' {why}")
        for role, other in entry.role_variants.items():
            if other not in known:
                problems.append(f"{where}: role_variants.{role}: '{other}' is not an entry")
        if entry.online is not None and (entry.online == entry.id or entry.online not in known):
            why = "refers to itself" if entry.online == entry.id else "is not an entry"
            problems.append(f"{where}: online: '{entry.online}' {why}")
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(entries)


def load_sections(directory: Path = KNOWLEDGE_DIR) -> list[Section]:
    """The report's parts with their short Dutch names, in report order."""
    data = yaml.safe_load((directory / "sections.yml").read_text(encoding="utf-8"))
    return [Section(str(s["id"]), str(s["chapter"]), s["title"]) for s in data["sections"]]


@lru_cache(maxsize=1)
def default_sections() -> tuple[Section, ...]:
    return tuple(load_sections())


@lru_cache(maxsize=1)
def default_knowledge() -> KnowledgeBase:
    """The project's knowledge base, loaded and validated once per process, with the
    organisation's local entries when ``WEGWIJZER_LOCAL_KNOWLEDGE`` names a folder that
    checks out (:func:`bot.knowledge.local.with_local`)."""
    from bot.knowledge import local

    knowledge = load_knowledge()
    folder = local.folder_from_environment()
    return knowledge if folder is None else local.with_local(knowledge, folder)
