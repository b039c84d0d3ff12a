"""Delete conversations older than the retention period from the tracker store.

    .venv/bin/python scripts/operate/purge.py [--days N] [--endpoints endpoints.yml]
                                      [--progress-days N]                       (make purge)

Default: WEGWIJZER_RETENTION_DAYS, else 30 days. Also deletes the onboarding progress (tour
step, quiz scores; bot/onboarding/progress.py) of users inactive for
WEGWIJZER_PROGRESS_RETENTION_DAYS, else 365 days, the Teams welcome bookkeeping of that
age, the Teams activity ids older than two days, expired web chat sign-ins and questions to
the experts untouched for the conversations' retention period (bot/experts/tickets.py), from
the state database (bot/storage.py: the tracker store's PostgreSQL, or else
WEGWIJZER_PROGRESS_DB, default var/progress.db).
Suitable for cron, e.g. daily:
    15 3 * * *  cd /srv/wegwijzer && make purge >> var/purge.log 2>&1
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bot import storage
from bot.channels.once import ACTIVITY, ACTIVITY_DAYS, WELCOME, purge_handled
from bot.channels.web_sessions import purge_expired
from bot.experts.tickets import purge_tickets
from bot.onboarding.progress import DEFAULT_RETENTION_DAYS as PROGRESS_DAYS
from bot.onboarding.progress import purge_progress
from bot.privacy.retention import DEFAULT_RETENTION_DAYS, purge


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = float(os.environ.get("WEGWIJZER_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))
    parser.add_argument("--days", type=float, default=default)
    parser.add_argument("--endpoints", type=Path, default=storage.endpoints_path())
    progress_default = float(os.environ.get("WEGWIJZER_PROGRESS_RETENTION_DAYS", PROGRESS_DAYS))
    parser.add_argument("--progress-days", type=float, default=progress_default)
    args = parser.parse_args(argv)
    deleted = purge(storage.tracker_store_url(args.endpoints), args.days)
    print(f"purge: deleted {deleted} conversation(s) older than {args.days:g} days")
    os.environ["WEGWIJZER_ENDPOINTS"] = str(args.endpoints)
    state = storage.engine(storage.state_url())
    users = purge_progress(state, args.progress_days)
    purge_handled(state, WELCOME, args.progress_days)
    purge_handled(state, ACTIVITY, ACTIVITY_DAYS)
    purge_expired(state)
    tickets = purge_tickets(state, args.days)
    print(f"purge: deleted {tickets} question(s) to the experts older than {args.days:g} days")
    print(
        f"purge: deleted the onboarding progress of {users} user(s) inactive for more than "
        f"{args.progress_days:g} days"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
