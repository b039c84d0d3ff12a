"""A colleague's answer as the draft of a local knowledge entry (*Maak er een lokaal item
van* on the experts' card).

The draft goes to ``<local knowledge folder>/drafts/lokaal-vraag-<ticket>.yml``: outside
``entries/``, so it is never loaded or trained on as it is. It has the fields of a local
entry (:mod:`bot.knowledge.local`) filled with what the ticket knows — the question as the
first training question, the answer as the summary — and placeholders, in Dutch, for what a
curator must add: a title, two more questions, and the organisation's document with a
verbatim quote. The curator moves it to ``entries/`` and runs ``make knowledge-check``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.experts.tickets import Ticket
from bot.knowledge.local import PREFIX

DRAFTS = "drafts"
HEADER = """\
# Concept voor een lokaal item, gemaakt van het antwoord van een collega op vraag #{id}.
# Nog niet in gebruik. Vul de titel, twee vragen en de bron (met een letterlijk citaat uit
# het document in sources/) in, verplaats het bestand naar entries/ en draai
# `make knowledge-check` (docs/lokale-kennis.md).
"""


def draft_id(ticket: Ticket) -> str:
    return f"{PREFIX}vraag-{ticket.id.lower()}"


def write_draft(folder: Path, ticket: Ticket) -> Path:
    """Write (or rewrite) the draft for an answered ``ticket``; returns its path."""
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
    directory = folder / DRAFTS
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{entry['id']}.yml"
    body = yaml.safe_dump(entry, allow_unicode=True, sort_keys=False, width=92)
    path.write_text(HEADER.format(id=ticket.id) + body, encoding="utf-8")
    return path
