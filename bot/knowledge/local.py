"""The organisation's own knowledge beside the report's: checking a local knowledge folder.

A local knowledge folder lives outside the repository (``WEGWIJZER_LOCAL_KNOWLEDGE``), so an
update of Wegwijzer never touches it::

    <folder>/entries/lokaal-<id>.yml   entries in the report entries' schema, with their own
                                       sources and the questions to train on
    <folder>/sources/<file>            the documents they quote: text (.txt, .md) or PDF

A local entry has everything a report entry has (``knowledge/schema.json``), except that each
source names a document of the organisation instead of a section of the report::

    sources:
      - document: Protocol online geweld gemeente Voorbeeld
        version: "3 (2026)"
        section: "§2"
        file: protocol-online-geweld.pdf
        pages: [2, 3]            # optional: the quotes must be on these pages of the PDF
        quotes: ["…verbatim…"]

and it has ``questions``: at least three ways users ask for it, to train on. Ids start with
``lokaal-`` so they never meet a report entry's. :func:`check_folder` reports every problem
as ``<file>: <field>: <message>`` (the report's entries use the same form) and every question
that is (nearly) a training example of another entry as a warning. PDF text comes from pypdf
(pinned in requirements/lock.txt); quotes are compared as the report's are
(:func:`bot.knowledge.report.readings`).
"""

from __future__ import annotations

import copy
import json
import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator

from bot.knowledge.loader import KNOWLEDGE_DIR, _field_path
from bot.knowledge.model import Entry, KnowledgeBase
from bot.knowledge.report import quoted_in, readings

logger = logging.getLogger(__name__)

ENVIRONMENT = "WEGWIJZER_LOCAL_KNOWLEDGE"
PREFIX = "lokaal-"
TEXT_SUFFIXES = (".txt", ".md")
OVERLAP_SCORE = 90  # rapidfuzz token_sort_ratio (word order ignored) from which two count as one
LOCAL_SOURCE = {
    "description": "A document of the organisation that the entry quotes.",
    "type": "object",
    "additionalProperties": False,
    "required": ["document", "file", "quotes"],
    "properties": {
        "document": {"type": "string", "minLength": 3, "maxLength": 120},
        "version": {"type": "string", "maxLength": 40},
        "section": {"type": "string", "maxLength": 40},
        "file": {
            "description": "The document in the folder's sources/ (.txt, .md or .pdf).",
            "type": "string",
            "pattern": r"^[^/\\]+\.(txt|md|pdf)$",
        },
        "pages": {
            "type": "array",
            "minItems": 2,
            "maxItems": 2,
            "items": {"type": "integer", "minimum": 1},
        },
        "quotes": {
            "type": "array",
            "minItems": 1,
            "maxItems": 3,
            "items": {"type": "string", "minLength": 20, "maxLength": 300},
        },
    },
}


DATA_DIR = KNOWLEDGE_DIR.parent / "data" / "nlu"
_ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")


def training_examples(directory: Path = DATA_DIR) -> dict[str, list[str]]:
    """The training examples of Rasa's NLU files in ``directory``, by label (an intent, or
    ``knowledge/<id>`` for an entry), entity annotations reduced to their text. Plain YAML,
    without importing Rasa."""
    examples: dict[str, list[str]] = {}
    for path in sorted(directory.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" not in block:
                continue
            texts = [line[2:].strip() for line in str(block.get("examples", "")).splitlines()
                     if line.strip().startswith("- ")]  # fmt: skip
            texts = [_ANNOTATION.sub(lambda m: m.group(1) or m.group(2), t) for t in texts]
            examples.setdefault(block["intent"], []).extend(texts)
    return examples


def folder_from_environment() -> Path | None:
    """The configured local knowledge folder, or None."""
    value = os.environ.get(ENVIRONMENT, "").strip()
    return Path(value) if value else None


@cache
def local_schema() -> dict[str, Any]:
    """The report entries' schema (knowledge/schema.json) with local sources, ``questions``
    and the ``lokaal-`` id prefix: one schema to keep up to date, not two."""
    schema = copy.deepcopy(json.loads((KNOWLEDGE_DIR / "schema.json").read_text("utf-8")))
    schema["properties"]["id"]["pattern"] = rf"^{PREFIX}[a-z0-9]+(-[a-z0-9]+)*$"
    schema["properties"]["sources"]["items"] = LOCAL_SOURCE
    schema["properties"]["questions"] = {
        "description": "How users ask for this entry: training examples, one per line.",
        "type": "array",
        "minItems": 3,
        "items": {"type": "string", "minLength": 5, "maxLength": 200},
    }
    schema["required"] = [*schema["required"], "questions"]
    return schema


def document_pages(path: Path) -> list[str]:
    """The text of a source document, one string per page (a text file is one page)."""
    if path.suffix.lower() == ".pdf":
        from pypdf import PdfReader

        return [page.extract_text() or "" for page in PdfReader(path).pages]
    return [path.read_text(encoding="utf-8")]


@dataclass
class Check:
    """What :func:`check_folder` found: problems stop the entry, warnings are for the
    curator to look at."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_folder(
    folder: Path,
    report_ids: Iterable[str],
    training: Mapping[str, Iterable[str]] | None = None,
) -> Check:
    """Every entry of ``folder``: schema, ids, related entries, sources and their quotes;
    and, given ``training`` (label → examples of the report's intents and entries), each
    question that nearly repeats another label's example."""
    check = Check()
    known = set(report_ids)
    files = sorted((folder / "entries").glob("*.yml"))
    if not files:
        check.problems.append(f"{folder / 'entries'}: no entries (*.yml) found")
    validator = Draft7Validator(local_schema())
    for file in files:
        name = f"entries/{file.name}"
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except yaml.YAMLError as yaml_error:
            check.problems.append(f"{name}: (yaml): {yaml_error}")
            continue
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        for schema_error in errors:
            where = _field_path(schema_error.absolute_path)
            check.problems.append(f"{name}: {where}: {schema_error.message}")
        if errors:
            continue
        if data["id"] != file.stem:
            check.problems.append(f"{name}: id: '{data['id']}' must equal the file name")
            continue
        check.entries[data["id"]] = data
        check.problems += _source_problems(folder, name, data)
    ids = known | set(check.entries)
    for entry_id, data in check.entries.items():
        for index, other in enumerate(data.get("related", [])):
            if other == entry_id or other not in ids:
                why = "refers to itself" if other == entry_id else "is not an entry"
                check.problems.append(f"entries/{entry_id}.yml: related[{index}]: '{other}' {why}")
    if training is not None:
        check.warnings += overlaps(check.entries, training)
    return check


def _source_problems(folder: Path, name: str, data: Mapping[str, Any]) -> list[str]:
    problems = []
    for index, source in enumerate(data["sources"]):
        where = f"{name}: sources[{index}]"
        path = folder / "sources" / source["file"]
        if not path.is_file():
            problems.append(f"{where}.file: sources/{source['file']} does not exist")
            continue
        try:
            pages = document_pages(path)
        except Exception as error:  # an unreadable PDF: say so, with the file
            problems.append(f"{where}.file: sources/{source['file']} cannot be read: {error}")
            continue
        wanted = source.get("pages")
        if wanted and (wanted[0] > wanted[1] or wanted[1] > len(pages)):
            problems.append(
                f"{where}.pages: {wanted} is not within the {len(pages)} page(s) of "
                f"sources/{source['file']}"
            )
            continue
        text = "\n".join(pages[wanted[0] - 1 : wanted[1]] if wanted else pages)
        texts = readings(text)
        for number, quote in enumerate(source["quotes"]):
            if not quoted_in(texts, quote):
                on = f" (pages {wanted[0]}–{wanted[1]})" if wanted else ""
                problems.append(
                    f"{where}.quotes[{number}]: not found verbatim in "
                    f"sources/{source['file']}{on}: {quote[:60]!r}"
                )
    return problems


def overlaps(
    entries: Mapping[str, Mapping[str, Any]], training: Mapping[str, Iterable[str]]
) -> list[str]:
    """Questions of a local entry that (nearly) repeat a training example of another label:
    the classifier cannot tell the two apart from such an example."""
    from rapidfuzz import fuzz, process

    others = [(label, text) for label, texts in training.items() for text in texts]
    local = [(f"knowledge/{i}", q) for i, d in entries.items() for q in d["questions"]]
    warnings = []
    for label, question in local:
        candidates = [(text, other) for other, text in others + local if other != label]
        best = process.extractOne(
            question.lower(),
            [text.lower() for text, _ in candidates],
            scorer=fuzz.token_sort_ratio,
            score_cutoff=OVERLAP_SCORE,
        )
        if best is not None:
            text, other = candidates[best[2]]
            warnings.append(
                f"entries/{label.split('/', 1)[1]}.yml: questions: {question!r} overlaps with "
                f"{other}'s {text!r} ({best[1]:.0f}%)"
            )
    return warnings


def with_local(knowledge: KnowledgeBase, folder: Path) -> KnowledgeBase:
    """``knowledge`` with the entries of the local ``folder`` added, when the folder passes
    :func:`check_folder`. When it does not, the problems are logged (``make
    knowledge-check`` shows the same) and the report's entries are served alone: the
    organisation's guidance goes live only when all of it checks out, and the assistant
    keeps answering from the report meanwhile."""
    check = check_folder(folder, [entry.id for entry in knowledge])
    if not check.ok:
        logger.error(
            "local knowledge in %s not used, %d problem(s) (make knowledge-check):\n  %s",
            folder, len(check.problems), "\n  ".join(check.problems),
        )  # fmt: skip
        return knowledge
    local = {entry_id: Entry.from_local_dict(data) for entry_id, data in check.entries.items()}
    return KnowledgeBase({**dict(knowledge.entries), **local})
