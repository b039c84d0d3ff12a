"""The project's redaction beside Deduce on the redaction sets (tests/privacy/), scored alike.

    .venv/bin/python scripts/measure/compare_deduce.py        (make deduce)

Deduce (``deduce`` on PyPI, UMC Utrecht) runs in its own venv, ``.venv-deduce``, made here
on first use from requirements/deduce.txt (its ``regex`` pin clashes with Rasa's), through
scripts/measure/deduce_spans.py. Both are scored by :func:`bot.privacy.measure.evaluate`: a
planted item is found when every character of it is replaced, a word without personal data
is kept when nothing touches it (places, ages, event dates and service numbers are kept on
purpose: docs/privacy.md). Prints the figures; the decision is in docs/privacy.md.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

from bot.privacy.measure import CLEAN, HELDOUT, PLANTED, Result, evaluate, load
from bot.privacy.redact import LABELS, warm_up

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv-deduce"
REQUIREMENTS = ROOT / "requirements" / "deduce.txt"
SETS = {"planted": PLANTED, "heldout": HELDOUT, "clean": CLEAN}


def deduce_venv() -> Path:
    """The Python of .venv-deduce, created and filled on first use."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--no-deps", "-r", str(REQUIREMENTS)],
            check=True,
        )
    return python


def deduce_results(texts: list[str]) -> dict:
    """What scripts/measure/deduce_spans.py finds in ``texts``."""
    done = subprocess.run(
        [str(deduce_venv()), str(ROOT / "scripts" / "measure" / "deduce_spans.py")],
        input=json.dumps(texts), stdout=subprocess.PIPE, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def row(name: str, results: dict[str, Result], ms: list[float]) -> str:
    planted, heldout = results["planted"], results["heldout"]
    kept = " / ".join(f"{100 * results[s].kept:.1f}%" for s in SETS)
    return (
        f"| {name} | {100 * planted.recall():.1f}% | {100 * heldout.recall():.1f}% | {kept} | "
        f"{statistics.median(ms):.2f} |"
    )


def main() -> int:
    messages = {name: load(path) for name, path in SETS.items()}
    texts = [m.text for ms in messages.values() for m in ms]
    found = deduce_results(texts)
    warm_up()
    ours = {name: evaluate(ms) for name, ms in messages.items()}
    our_ms = [s * 1000 for r in ours.values() for s in r.seconds]
    print("| redactor | found (planted) | found (heldout) | kept planted / heldout / clean "
          "| ms per message (median) |")  # fmt: skip
    print("|---|---:|---:|---|---:|")
    print(row("Wegwijzer (bot/privacy)", ours, our_ms))
    per_type = {}
    for config, data in found["configs"].items():
        spans = dict(zip(texts, data["spans"], strict=True))
        theirs = {
            name: evaluate(ms, lambda text, found=spans: [(s, e) for s, e, _ in found[text]])
            for name, ms in messages.items()
        }
        print(row(f"Deduce 3.0.6, {config}", theirs, [s * 1000 for s in data["seconds"]]))
        per_type[config] = theirs
    print(
        f"\nDeduce: built in {found['construct_seconds']:.1f} s, process {found['rss_mib']:.0f} MiB"
    )
    print("\nfound per type (planted + heldout): Wegwijzer · Deduce default")
    for label in LABELS:
        mine = [ours[s] for s in ("planted", "heldout")]
        them = [per_type["default"][s] for s in ("planted", "heldout")]
        total = sum(r.planted[label] for r in mine)
        print(f"  {label}: {sum(r.caught[label] for r in mine)}/{total} · "
              f"{sum(r.caught[label] for r in them)}/{total}")  # fmt: skip
    lost = [w for r in per_type["default"].values() for w in r.lost_words]
    print(f"\nwords Deduce (default) replaced that are no personal data: {len(lost)}: "
          f"{', '.join(lost[:60])}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
