"""Write data/rules/flow_switch.yml from bot/flows.py (which intents start a flow, which
guided forms end for them). Run after changing either, then `make train`:

    .venv/bin/python scripts/generate/flow_switch_rules.py

tests/unit/test_flow_switch.py fails when the file is not current.
"""

from __future__ import annotations

from pathlib import Path

from bot.flows import RULES_FILE, switch_rules

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    (ROOT / RULES_FILE).write_text(switch_rules(), encoding="utf-8")
    print(f"wrote {RULES_FILE}")


if __name__ == "__main__":
    main()
