"""Delete conversations older than the retention period from the tracker store.

    .venv/bin/python scripts/purge.py [--days N] [--endpoints endpoints.yml]   (make purge)

Default: WEGWIJZER_RETENTION_DAYS, else 30 days. Suitable for cron, e.g. daily:
    15 3 * * *  cd /srv/wegwijzer && make purge >> var/purge.log 2>&1
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.privacy.retention import DEFAULT_RETENTION_DAYS, database_url, purge  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = float(os.environ.get("WEGWIJZER_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))
    parser.add_argument("--days", type=float, default=default)
    parser.add_argument("--endpoints", type=Path, default=ROOT / "endpoints.yml")
    args = parser.parse_args(argv)
    deleted = purge(database_url(args.endpoints), args.days)
    print(f"purge: deleted {deleted} conversation(s) older than {args.days:g} days")
    return 0


if __name__ == "__main__":
    sys.exit(main())
