"""Screenshots of Wegwijzer's Teams cards for the README (docs/teams-*.png).

    .venv/bin/python scripts/generate/card_screenshots.py [--output-dir docs]

Writes ``teams-answer-card.png`` (the answer to "Wat zeg ik als ik word uitgedaagd?", entry
``provocatie-reageren``, exactly as the knowledge action sends it) and
``teams-welcome-card.png`` (the greeting when the app is added). The cards are drawn by
Microsoft's ``adaptivecards`` renderer with Teams' light host config in Debian's headless
Chromium (tests/render), 450 CSS pixels wide as in the Teams desktop chat, at twice that
resolution. Needs what ``make setup-dev`` installs (node packages, chromium).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from bot.channels import teams_cards
from bot.knowledge.loader import default_knowledge
from bot.render import render_entry
from tests.render import RenderError, render_cards

ROOT = Path(__file__).resolve().parents[2]

ANSWER_ENTRY = "provocatie-reageren"  # "Wat zeg ik als ik word uitgedaagd?"


def cards() -> dict[str, dict[str, Any]]:
    """File name (without .png) → the card it shows."""
    knowledge = default_knowledge()
    answer = render_entry(knowledge[ANSWER_ENTRY], knowledge)
    assert answer.view is not None
    # As actions/knowledge.py utter_answer sends it and the Teams connector turns it into a card.
    buttons = [b.as_dict() for b in answer.buttons]
    return {
        "teams-answer-card": teams_cards.answer_card(answer.view.as_dict(), buttons),
        "teams-welcome-card": teams_cards.welcome_card(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wegwijzer-cards-") as tmp:
        work = Path(tmp)
        try:
            report = render_cards(cards(), work, screenshots=work, click=False)
        except RenderError as error:
            print(f"card_screenshots: {error}", file=sys.stderr)
            return 1
        problems = [
            f"{name}: {card['parseEvents'] + card['validationEvents'] or 'not rendered'}"
            for name, card in report["cards"].items()
            if card["parseEvents"] or card["validationEvents"] or not card["rendered"]
        ]
        if problems or report["pageErrors"]:
            print("card_screenshots: rendering problems:", *problems, *report["pageErrors"])
            return 1
        args.output_dir.mkdir(parents=True, exist_ok=True)
        for name, card in report["cards"].items():
            target = args.output_dir / f"{name}.png"
            shutil.copyfile(card["screenshot"], target)
            print(f"card_screenshots: wrote {target} ({report['browser']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
