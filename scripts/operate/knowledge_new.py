"""A new local entry to fill in: the scaffold of ``make knowledge-new``.

    .venv/bin/python scripts/operate/knowledge_new.py ID [--folder PATH]
                                                   (make knowledge-new ID=lokaal-…)

Writes ``<folder>/entries/<ID>.yml`` (the folder is ``--folder``, else
``WEGWIJZER_LOCAL_KNOWLEDGE``; ``entries/`` and ``sources/`` are created when missing) with
every field of a local entry and what goes in it, in Dutch, for the curator to replace;
never overwrites a file. ``make knowledge-check`` then says what is still missing.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from bot.knowledge.local import ENVIRONMENT, PREFIX, folder_from_environment

TEMPLATE = """\
# Nieuw lokaal item. Vul elk veld in en draai daarna `make knowledge-check`
# (uitleg en een uitgewerkt voorbeeld: docs/lokale-kennis.md).
id: {id}
title: Korte vraag of titel, zoals een gebruiker hem herkent
phases: [crisis]            # vredestijd, crisis en/of nazorg
roles: [jongerenwerker, politie, gemeente, netwerkpartner]
summary: >-
  Het antwoord in twee of drie zinnen, in de woorden van jullie eigen document.
steps:
  - Eerste stap (mag weg als het item geen stappen heeft).
related: []                 # ids van items uit het rapport of lokale items
questions:                  # minstens drie manieren waarop collega's dit vragen
  - hoe vraagt een collega hiernaar
  - een tweede manier om het te vragen
  - een derde manier, zoals je het op je telefoon zou typen
sources:
  - document: Naam van het document van jullie organisatie
    version: "1 (2026)"
    section: "§1"
    file: bestandsnaam.pdf   # in de map sources/ (.pdf, .txt of .md)
    quotes:
      - "Een letterlijk citaat uit dat document dat het antwoord onderbouwt"
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("id", help=f"the new entry's id, starting with {PREFIX}")
    parser.add_argument("--folder", type=Path, default=folder_from_environment())
    args = parser.parse_args(argv)
    if args.folder is None:
        parser.error(f"no folder: give --folder or set {ENVIRONMENT}")
    if not re.fullmatch(rf"{PREFIX}[a-z0-9]+(-[a-z0-9]+)*", args.id):
        parser.error(
            f"an id is {PREFIX} and lower-case words joined by hyphens: {PREFIX}wie-bel-ik"
        )
    entries = args.folder / "entries"
    entries.mkdir(parents=True, exist_ok=True)
    (args.folder / "sources").mkdir(exist_ok=True)
    path = entries / f"{args.id}.yml"
    if path.exists():
        parser.error(f"{path} exists already")
    path.write_text(TEMPLATE.format(id=args.id), encoding="utf-8")
    print(f"knowledge-new: {path} written; fill it in, then: make knowledge-check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
