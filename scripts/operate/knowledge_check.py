"""Check the organisation's local knowledge folder before it goes live.

    .venv/bin/python scripts/operate/knowledge_check.py [--folder PATH]     (make knowledge-check)

The folder is ``--folder``, else ``WEGWIJZER_LOCAL_KNOWLEDGE``. Checks every local entry
(:mod:`bot.knowledge.local`): the schema, the ``lokaal-`` ids, related entries, that every
source document exists and every quote is in it verbatim (on the pages given); and warns
where a question repeats a training example of another entry or intent. Exit status 1 when
there is a problem (each named as ``file: field: message``), 0 otherwise; warnings do not
stop it. The curators' guide is docs/lokale-kennis.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.knowledge.loader import default_knowledge
from bot.knowledge.local import (
    ENVIRONMENT,
    check_folder,
    folder_from_environment,
    training_examples,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=folder_from_environment())
    args = parser.parse_args(argv)
    if args.folder is None:
        parser.error(f"no folder: give --folder or set {ENVIRONMENT}")
    if not args.folder.is_dir():
        parser.error(f"{args.folder} is not a folder")
    report_ids = [entry.id for entry in default_knowledge()]
    check = check_folder(args.folder, report_ids, training_examples())
    for warning in check.warnings:
        print(f"waarschuwing: {warning}")
    for problem in check.problems:
        print(f"fout: {problem}", file=sys.stderr)
    print(
        f"knowledge-check: {len(check.entries)} lokale item(s) in orde, "
        f"{len(check.problems)} fout(en), {len(check.warnings)} waarschuwing(en)"
    )
    return 1 if check.problems else 0


if __name__ == "__main__":
    sys.exit(main())
