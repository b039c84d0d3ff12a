"""Write data/nlu/knowledge_orientation.yml from knowledge/orientation_questions.yml (the
report's own questions for orientation). Run after changing the questions, then `make train`:

    .venv/bin/python scripts/generate/orientation_training.py

tests/unit/test_orientation_questions.py fails when the file is not current.
"""

from __future__ import annotations

from pathlib import Path

from bot.knowledge.orientation import TRAINING_FILE, load_questions, training_yaml

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    (ROOT / TRAINING_FILE).write_text(training_yaml(load_questions()), encoding="utf-8")
    print(f"wrote {TRAINING_FILE}")


if __name__ == "__main__":
    main()
