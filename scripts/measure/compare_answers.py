"""Record the assistant's replies to the held-out messages, or compare two recordings.

    .venv/bin/python scripts/measure/compare_answers.py record before.json [--model …] [--set …]
    .venv/bin/python scripts/measure/compare_answers.py compare before.json after.json

For a change that must not change behaviour (a refactoring): record before, change, record
after, compare. ``record`` sends every held-out message (``tests/nlu/*.yml``, 410) as a new
conversation over REST to both real servers, as ``make run`` starts them, and writes the
replies — texts and button payloads, in order — as JSON. ``compare`` prints every message
whose replies differ and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from bot.nlu.evaluation import load_examples
from tests.servers import Servers, running  # both servers, as `make run`

ROOT = Path(__file__).resolve().parents[2]

HELDOUT = ROOT / "tests" / "nlu"
MODEL = ROOT / "models" / "wegwijzer.tar.gz"

Replies = dict[str, list[dict[str, Any]]]


def reply_view(reply: dict[str, Any]) -> dict[str, Any]:
    """What a user sees of one reply: its text and its buttons (title and payload)."""
    buttons = [
        {"title": b.get("title"), "payload": b.get("payload")} for b in reply.get("buttons") or []
    ]
    return {"text": reply.get("text"), "buttons": buttons}


def record(servers: Servers, messages: list[str]) -> Replies:
    """Each message as a new conversation on ``servers``; its replies as the user sees them."""
    return {
        message: [reply_view(r) for r in servers.say(f"compare-{n}", message)]
        for n, message in enumerate(messages)
    }


def differences(before: Replies, after: Replies) -> list[str]:
    """The messages whose replies differ, or that only one recording holds."""
    return [m for m in sorted(set(before) | set(after)) if before.get(m) != after.get(m)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record", help="record the replies to the held-out messages")
    rec.add_argument("out", type=Path)
    rec.add_argument("--model", type=Path, default=MODEL)
    rec.add_argument("--set", type=Path, default=HELDOUT)
    cmp = commands.add_parser("compare", help="compare two recordings")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "record":
        messages = list(dict.fromkeys(e.text for e in load_examples(args.set)))
        with tempfile.TemporaryDirectory() as work, running(args.model, Path(work)) as servers:
            replies = record(servers, messages)
        args.out.write_text(json.dumps(replies, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"recorded the replies to {len(replies)} messages in {args.out}")
        return 0
    before = json.loads(args.before.read_text(encoding="utf-8"))
    after = json.loads(args.after.read_text(encoding="utf-8"))
    changed = differences(before, after)
    for message in changed:
        print(f"- {message!r}\n  before: {before.get(message)}\n  after:  {after.get(message)}")
    print(f"{len(changed)} of {len(set(before) | set(after))} messages answered differently")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
