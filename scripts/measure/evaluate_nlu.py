"""Compare NLU configurations on the held-out set and write docs/nlu-evaluation.md.

Each variant is config.yml with one change. Every variant is trained (NLU only) on data/
and evaluated on tests/nlu/ (all held-out files), which was written apart from the training
data. The DIET + ResponseSelector variant takes about half an hour on 2 cores; the others
under a minute each.

    .venv/bin/python scripts/measure/evaluate_nlu.py [variant ...]   # default: all variants
"""

from __future__ import annotations

import copy
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from bot.nlu.evaluation import Result, evaluate, load_examples

ROOT = Path(__file__).resolve().parents[2]

HELDOUT = ROOT / "tests" / "nlu"
REPORT = ROOT / "docs" / "nlu-evaluation.md"
DECISION_MARKER = "## Decision"

Config = dict


def _without(name: str, **match: object) -> Callable[[Config], None]:
    def change(config: Config) -> None:
        config["pipeline"] = [
            c for c in config["pipeline"]
            if not (c["name"] == name and all(c.get(k) == v for k, v in match.items()))
        ]  # fmt: skip

    return change


def _set(name: str, **values: object) -> Callable[[Config], None]:
    def change(config: Config) -> None:
        for component in config["pipeline"]:
            if component["name"] == name:
                component.update(values)

    return change


def _both(*changes: Callable[[Config], None]) -> Callable[[Config], None]:
    def change(config: Config) -> None:
        for each in changes:
            each(config)

    return change


CLASSIFIER = "bot.nlu.rasa_classifier.KnowledgeClassifier"

# The pipeline before the linear classifier: Rasa's DIETClassifier for the intent and its
# ResponseSelector for the entry, on spaCy, lexical-syntactic and count-vector features.
DIET_PIPELINE: list[dict[str, object]] = [
    {"name": "SpacyFeaturizer", "pooling": "mean"},
    {
        "name": "LexicalSyntacticFeaturizer",
        "features": [
            ["low", "title", "upper", "pos"],
            ["BOS", "EOS", "low", "prefix5", "suffix3", "suffix5", "upper", "title", "digit",
             "pos"],
            ["low", "title", "upper", "pos"],
        ],
    },
    {"name": "CountVectorsFeaturizer", "use_lemma": True},
    {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 2, "max_ngram": 5},
    {"name": "DIETClassifier", "epochs": 100, "constrain_similarities": True,
     "entity_recognition": False, "random_seed": 42},
    {"name": "ResponseSelector", "retrieval_intent": "knowledge", "epochs": 100,
     "constrain_similarities": True, "random_seed": 42},
]  # fmt: skip


def _diet_and_response_selector(config: Config) -> None:
    """Swap our classifier for DIET + ResponseSelector, with their old fallback thresholds."""
    pipeline = []
    for component in config["pipeline"]:
        if component["name"] == CLASSIFIER:
            pipeline += copy.deepcopy(DIET_PIPELINE)
        else:
            pipeline.append(component)
    config["pipeline"] = pipeline
    _set("FallbackClassifier", threshold=0.5, ambiguity_threshold=0.1)(config)


VARIANTS: dict[str, tuple[str, Callable[[Config], None]]] = {
    "chosen": ("config.yml as committed", _both()),
    "word-unigrams": ("lemma unigrams only, no bigrams", _set(CLASSIFIER, word_ngram_max=1)),
    "chars-3-5": ("character 3- to 5-grams", _set(CLASSIFIER, char_ngram_min=3)),
    "chars-2-4": ("character 2- to 4-grams", _set(CLASSIFIER, char_ngram_max=4)),
    "c-0.5": ("stronger regularisation (C 0.5)", _set(CLASSIFIER, regularisation=0.5)),
    "c-2": ("weaker regularisation (C 2)", _set(CLASSIFIER, regularisation=2.0)),
    "fallback-0.3": ("FallbackClassifier threshold 0.3", _set("FallbackClassifier", threshold=0.3)),
    "diet-response-selector": (
        "DIET + ResponseSelector instead (the pipeline before; fallback 0.5/0.1)",
        _diet_and_response_selector,
    ),
}


def train(config: Config, out: Path) -> tuple[Path, float]:
    config_file = out / "config.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    started = time.monotonic()
    subprocess.run(
        [str(ROOT / ".venv/bin/rasa"), "train", "nlu", "--config", str(config_file),
         "--nlu", "data/nlu", "--domain", "domain", "--out", str(out),
         "--fixed-model-name", "nlu"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return out / "nlu.tar.gz", time.monotonic() - started


def row(name: str, description: str, result: Result, seconds: float) -> str:
    return (
        f"| {name} | {description} | {result.accuracy:.1%} | {result.top3_accuracy:.1%} | "
        f"{result.off_topic_rejection:.1%} | {result.fallback_rate:.1%} | "
        f"{result.recall('acute_danger'):.0%} | {seconds / 60:.1f} |"
    )


def main(names: list[str]) -> None:
    base = yaml.safe_load((ROOT / "config.yml").read_text())
    examples = load_examples(HELDOUT)
    rows, chosen = [], None
    for name in names or list(VARIANTS):
        description, change = VARIANTS[name]
        config = copy.deepcopy(base)
        change(config)
        with tempfile.TemporaryDirectory() as tmp:
            model, seconds = train(config, Path(tmp))
            result = evaluate(model, examples)
        rows.append(row(name, description, result, seconds))
        print(rows[-1], flush=True)
        if name == "chosen":
            chosen = result
    lines = [
        "# NLU evaluation",
        "",
        f"Held-out set: `tests/nlu/`, {len(examples)} Dutch messages written apart from the",
        "training data (other wording, typos, informal). Top-1: the assistant acts on the",
        "expected label (the intent, or for knowledge questions the entry); falling back",
        "(asking) counts as wrong. Top-3: the expected entry is among the three ranked highest.",
        "Off-topic: share of off-topic messages that get no knowledge answer. Acute: share of",
        "acute-danger messages the NLU itself recognises (the actions' safety net aside).",
        "Generated by `make evaluate` (scripts/measure/evaluate_nlu.py); 2 CPU cores.",
        "",
        "| variant | change | top-1 | top-3 | off-topic | fallback | acute | train min |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
    ]
    if chosen is not None:
        lines += ["", "## Errors of the chosen configuration", ""]
        lines += [f"- `{e.expected}` → `{p}`: {e.text}" for e, p in chosen.errors()]
    # Keep the hand-written conclusions below the generated part.
    kept = ""
    if REPORT.exists() and DECISION_MARKER in REPORT.read_text(encoding="utf-8"):
        kept = DECISION_MARKER + REPORT.read_text(encoding="utf-8").split(DECISION_MARKER)[1]
    REPORT.write_text("\n".join(lines) + "\n\n" + kept, encoding="utf-8")
    print(f"wrote {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
