"""No secrets in the repository: every tracked file is scanned for things that look like
keys, passwords or tokens. Secrets belong in environment variables (docs/teams.md)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PATTERNS = {
    "private key": re.compile(r"-----BEGIN (RSA |EC |OPENSSH |)PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[baprs]-[A-Za-z0-9-]{10,}\b"),
    "Azure client secret": re.compile(r"\b[A-Za-z0-9_~.-]{3}8Q~[A-Za-z0-9_~.-]{31,34}\b"),
    "JWT": re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    "password in config": re.compile(
        r"^\s*(password|app_password|client_secret|secret|token)\s*:\s*['\"]?[^\s'\"$]{6,}",
        re.IGNORECASE | re.MULTILINE,
    ),
}
SKIPPED_SUFFIXES = {".png", ".whl", ".gz", ".zip"}


def tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    return [ROOT / name.decode() for name in listed if name]


def test_no_tracked_file_holds_a_secret() -> None:
    found = []
    for path in tracked_files():
        if path.suffix in SKIPPED_SUFFIXES or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        found += [
            f"{path.relative_to(ROOT)}: {name}" for name, p in PATTERNS.items() if p.search(text)
        ]
    assert found == []


def test_the_scan_finds_what_it_looks_for() -> None:
    # Assembled here, so that this file does not hold what the scan looks for.
    samples = {
        "private key": "-----BEGIN RSA " + "PRIVATE KEY-----",
        "password in config": "app_password" + ": hunter2secret",
        "JWT": ".".join(
            ["eyJ" + "hbGciOiJSUzI1NiJ9", "eyJ" + "hdWQiOiJ4eHh4eHgifQ", "c2lnbmF0dXJl"]
        ),
    }
    for name, sample in samples.items():
        assert PATTERNS[name].search(sample), name
