"""Delete conversations older than the retention period from the tracker store.

    .venv/bin/python scripts/operate/purge.py [--days N] [--endpoints endpoints.yml]
                                      [--progress-days N]                       (make purge)

Default: WEGWIJZER_RETENTION_DAYS, else 30 days. Also deletes the onboarding progress (tour
step, quiz scores; bot/onboarding/progress.py) of users inactive for
WEGWIJZER_PROGRESS_RETENTION_DAYS, else 365 days, from WEGWIJZER_PROGRESS_DB (else
var/progress.db). Suitable for cron, e.g. daily:
    15 3 * * *  cd /srv/wegwijzer && make purge >> var/purge.log 2>&1
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bot.onboarding.progress import DEFAULT_RETENTION_DAYS as PROGRESS_DAYS
from bot.onboarding.progress import progress_db_path, purge_progress
from bot.privacy.retention import DEFAULT_RETENTION_DAYS, database_url, purge

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = float(os.environ.get("WEGWIJZER_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))
    parser.add_argument("--days", type=float, default=default)
    parser.add_argument("--endpoints", type=Path, default=ROOT / "endpoints.yml")
    progress_default = float(os.environ.get("WEGWIJZER_PROGRESS_RETENTION_DAYS", PROGRESS_DAYS))
    parser.add_argument("--progress-days", type=float, default=progress_default)
    args = parser.parse_args(argv)
    deleted = purge(database_url(args.endpoints), args.days)
    print(f"purge: deleted {deleted} conversation(s) older than {args.days:g} days")
    users = purge_progress(progress_db_path(), args.progress_days)
    print(
        f"purge: deleted the onboarding progress of {users} user(s) inactive for more than "
        f"{args.progress_days:g} days"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
