"""A colleague's answer as the draft of a local knowledge entry (*Maak er een lokaal item
van* on the experts' card).

The draft goes to ``lokaal-vraag-<ticket>.yml`` in the drafts folder (:func:`drafts_folder`:
``WEGWIJZER_KNOWLEDGE_DRAFTS``, else ``drafts/`` in the local knowledge folder): outside
``entries/``, so it is never loaded or trained on as it is. It has the fields of a local
entry (:mod:`bot.knowledge.local`) filled with what the ticket knows — the question as the
first training question, the answer as the summary — and placeholders, in Dutch, for what a
curator must add: a title, two more questions, and the organisation's document with a
verbatim quote. The curator moves it to ``entries/`` and runs ``make knowledge-check``.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from bot.experts.tickets import Ticket
from bot.knowledge.local import PREFIX, folder_from_environment

DRAFTS = "drafts"
DRAFTS_VARIABLE = "WEGWIJZER_KNOWLEDGE_DRAFTS"
HEADER = """\
# Concept voor een lokaal item, gemaakt van het antwoord van een collega op vraag #{id}.
# Nog niet in gebruik. Vul de titel, twee vragen en de bron (met een letterlijk citaat uit
# het document in sources/) in, verplaats het bestand naar entries/ en draai
# `make knowledge-check` (docs/lokale-kennis.md).
"""


def drafts_folder() -> Path | None:
    """Where drafts go: ``WEGWIJZER_KNOWLEDGE_DRAFTS`` (a writable folder, for when the local
    knowledge folder is mounted read-only), else ``drafts/`` in ``WEGWIJZER_LOCAL_KNOWLEDGE``;
    None when neither is set."""
    if configured := os.environ.get(DRAFTS_VARIABLE, "").strip():
        return Path(configured)
    local = folder_from_environment()
    return local / DRAFTS if local is not None else None


def draft_id(ticket: Ticket) -> str:
    return f"{PREFIX}vraag-{ticket.id.lower()}"


def write_draft(directory: Path, ticket: Ticket) -> Path:
    """Write (or rewrite) the draft for an answered ``ticket`` in ``directory`` (created when
    missing); returns its path."""
    if not ticket.answer:
        raise ValueError("a ticket without an answer")
    entry = {
        "id": draft_id(ticket),
        "title": "Korte vraag of titel, zoals een gebruiker hem herkent",
        "phases": ["crisis"],
        "roles": ["jongerenwerker", "politie", "gemeente", "netwerkpartner"],
        "summary": ticket.answer,
        "related": [],
        "questions": [
            ticket.question,
            "een tweede manier om het te vragen",
            "een derde manier, zoals je het op je telefoon zou typen",
        ],
        "sources": [
            {
                "document": "Naam van het document van jullie organisatie",
                "version": "1 (2026)",
                "section": "§1",
                "file": "bestandsnaam.pdf",
                "quotes": ["Een letterlijk citaat uit dat document dat het antwoord onderbouwt"],
            }
        ],
    }
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{entry['id']}.yml"
    body = yaml.safe_dump(entry, allow_unicode=True, sort_keys=False, width=92)
    path.write_text(HEADER.format(id=ticket.id) + body, encoding="utf-8")
    return path
