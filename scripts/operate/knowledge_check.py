"""Check the organisation's local knowledge folder before it goes live.

    .venv/bin/python scripts/operate/knowledge_check.py [--folder PATH] [--quick]
                                                    (make knowledge-check [ARGS=--quick])

The folder is ``--folder``, else ``WEGWIJZER_LOCAL_KNOWLEDGE``. Checks every local entry
(:mod:`bot.knowledge.local`): the schema, the ``lokaal-`` ids, related entries, that every
source document exists and every quote is in it verbatim (on the pages given); and warns
where a question repeats a training example of another entry or intent. Exit status 1 when
there is a problem (each named as ``file: field: message``), 0 otherwise; warnings do not
stop it.

After a clean check it trains a candidate model with the folder (scripts/train.sh into a
temporary folder, about a minute; ``--candidate`` takes one already trained, ``--quick``
stops after the check) and prints, before (the model in models/, what runs now) and after,
the share of the held-out questions (tests/nlu, tests/nlu_phone) answered with the right
entry: overall, and per entry where it changed, so a curator sees whether the new entries
take questions away from the report's. The local entries' own questions are listed too
(they were trained on, so that figure is an upper bound).

The curators' guide is docs/lokale-kennis.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bot.knowledge.loader import load_knowledge
from bot.knowledge.local import (
    ENVIRONMENT,
    check_folder,
    folder_from_environment,
    training_examples,
)

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "wegwijzer.tar.gz"
HELDOUT = (ROOT / "tests" / "nlu", ROOT / "tests" / "nlu_phone")


def train_candidate(folder: Path, models: Path) -> Path:
    """A model trained with ``folder`` by scripts/train.sh, in ``models``."""
    env = {
        **os.environ,
        "WEGWIJZER_LOCAL_KNOWLEDGE": str(folder),
        "WEGWIJZER_MODELS_DIR": str(models),
    }
    subprocess.run([str(ROOT / "scripts" / "train.sh")], env=env, check=True, cwd=ROOT)
    return models / "wegwijzer.tar.gz"


def comparison(before_model: Path, after_model: Path, local: dict[str, dict]) -> list[str]:
    """The lines of the before/after report (see the module's description)."""
    from bot.nlu.evaluation import Example, evaluate, load_examples

    lines = ["", "Juist beantwoord, voor → na (controlesets; per item alleen waar het verandert):"]
    for folder in HELDOUT:
        examples = load_examples(folder)
        before, after = evaluate(before_model, examples), evaluate(after_model, examples)
        name = folder.relative_to(ROOT)
        lines.append(
            f"  {name}: {before.accuracy:.1%} → {after.accuracy:.1%} ({after.total} vragen)"
        )
        was, now = before.per_label(), after.per_label()
        for label in sorted(now):
            if was.get(label) != now[label]:
                (b, total), (a, _) = was.get(label, (0, 0)), now[label]
                lines.append(f"    {label}: {b}/{total} → {a}/{total}")
    own = [Example(q, f"knowledge/{i}") for i, data in local.items() for q in data["questions"]]
    if own:
        result = evaluate(after_model, own)
        share = f"{result.accuracy:.0%}"
        lines.append(f"  eigen vragen van de lokale items (getraind, dus een bovengrens): {share}")
        for label, (right, total) in sorted(result.per_label().items()):
            lines.append(f"    {label}: {right}/{total}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=folder_from_environment())
    parser.add_argument("--quick", action="store_true", help="only check, train nothing")
    parser.add_argument("--candidate", type=Path, help="an already trained candidate model")
    args = parser.parse_args(argv)
    if args.folder is None:
        parser.error(f"no folder: give --folder or set {ENVIRONMENT}")
    if not args.folder.is_dir():
        parser.error(f"{args.folder} is not a folder")
    report_ids = [entry.id for entry in load_knowledge()]  # the report's, without local ones
    check = check_folder(args.folder, report_ids, training_examples())
    for warning in check.warnings:
        print(f"waarschuwing: {warning}")
    for problem in check.problems:
        print(f"fout: {problem}", file=sys.stderr)
    print(
        f"knowledge-check: {len(check.entries)} lokale item(s) in orde, "
        f"{len(check.problems)} fout(en), {len(check.warnings)} waarschuwing(en)"
    )
    if check.problems:
        return 1
    if not args.quick:
        with tempfile.TemporaryDirectory(prefix="wegwijzer-candidate-") as models:
            candidate = args.candidate or train_candidate(args.folder, Path(models))
            print("\n".join(comparison(MODEL, candidate, check.entries)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
