"""Write the curators' insights report: most asked entries, unanswered questions,
low-confidence matches and feedback per entry, over a period (Markdown and CSV).

    .venv/bin/python scripts/operate/insights.py
        [--days 30 | --since 2026-11-01 [--until 2026-12-01]]
        [--out reports/insights-<until>.md] [--endpoints endpoints.yml | --db var/trackers.db]
        [--top 20]                                                          (make insights)

Reads the tracker store that endpoints.yml configures (or the SQLite file --db), and the
questions sent to colleagues from the state database (bot/storage.py); writes the
Markdown report to --out and the same rows as CSV next to it (.csv). Texts are redacted;
see bot/insights.py and docs/webchat.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot import storage
from bot.experts.tickets import tickets_between
from bot.insights import collect, markdown, read_events, write_csv
from bot.knowledge.loader import default_knowledge
from bot.privacy.redact import redact_text
from bot.storage import tracker_store_url

ROOT = Path(__file__).resolve().parents[2]

DEFAULT_DAYS = 30


def _date(value: str) -> datetime:
    try:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from error


def period(args: argparse.Namespace, now: float) -> tuple[float, float]:
    """[since, until) as timestamps: --since/--until are whole days (UTC, until inclusive);
    otherwise the last --days days up to now."""
    if args.since or args.until:
        until = (args.until + timedelta(days=1)).timestamp() if args.until else now
        since = args.since.timestamp() if args.since else until - args.days * 86_400
    else:
        until, since = now, now - args.days * 86_400
    if since >= until:
        raise SystemExit("insights: --since must be before --until")
    return since, until


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=DEFAULT_DAYS, help="the last N days")
    parser.add_argument("--since", type=_date, help="first day, YYYY-MM-DD (UTC)")
    parser.add_argument("--until", type=_date, help="last day, YYYY-MM-DD (UTC), inclusive")
    parser.add_argument("--out", type=Path, help="the Markdown report (CSV next to it)")
    parser.add_argument("--endpoints", type=Path, default=storage.endpoints_path())
    parser.add_argument("--db", type=Path, help="a SQLite tracker store instead of endpoints")
    parser.add_argument("--top", type=int, default=20, help="how many entries to list")
    args = parser.parse_args(argv)

    since, until = period(args, time.time())
    url = f"sqlite:///{args.db.resolve()}" if args.db else tracker_store_url(args.endpoints)
    insights = collect(read_events(url, since, until), since, until, redact_text)
    os.environ["WEGWIJZER_ENDPOINTS"] = str(args.endpoints)  # the same installation's state
    insights.tickets = [  # stored redacted; redacted again like every text in the report
        dataclasses.replace(
            t, question=redact_text(t.question), answer=t.answer and redact_text(t.answer)
        )
        for t in tickets_between(storage.engine(storage.state_url()), since, until)
    ]
    knowledge = default_knowledge()
    day = datetime.fromtimestamp(until - 1, UTC).strftime("%Y-%m-%d")
    out = args.out or ROOT / "reports" / f"insights-{day}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown(insights, knowledge, args.top), encoding="utf-8")
    write_csv(out.with_suffix(".csv"), insights, knowledge)
    print(
        f"insights: {insights.conversations} conversation(s), {insights.typed_questions} "
        f"question(s), {len(insights.feedback)} rating(s) → {out} and {out.with_suffix('.csv')}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
