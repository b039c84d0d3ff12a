"""Screenshots of the web chat for the README (docs/webchat-phone.png, docs/webchat-desktop.png).

    .venv/bin/python scripts/generate/webchat_screenshots.py [--output-dir docs]
    (part of make screenshots)

Starts the assistant with the trained model (models/wegwijzer.tar.gz) on free local ports and
a throw-away tracker store, asks "wat zeg ik als ik word uitgedaagd?" in the web chat in
Debian's headless Chromium (tests/webchat/chat.mjs) and keeps the pictures of the answer: a
phone 390 CSS pixels wide (at twice that resolution) and a desktop browser 1280 wide.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from tests.render import RenderError
from tests.servers import running
from tests.webchat import chat_in_browser

ROOT = Path(__file__).resolve().parents[2]

MODEL = ROOT / "models" / "wegwijzer.tar.gz"
NAMES = ("webchat-phone.png", "webchat-desktop.png")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    if not MODEL.exists():
        print("webchat_screenshots: no model; run `make train` first", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="wegwijzer-webchat-") as tmp:
        work = Path(tmp)
        try:
            with running(MODEL, work) as servers:
                report = chat_in_browser(servers.url, screenshots=work)
        except RenderError as error:
            print(f"webchat_screenshots: {error}", file=sys.stderr)
            return 1
        if report["blockedRequests"] or report["pageErrors"]:
            print(f"webchat_screenshots: the page had problems: {report}", file=sys.stderr)
            return 1
        args.output_dir.mkdir(parents=True, exist_ok=True)
        for name in NAMES:
            shutil.copyfile(work / name, args.output_dir / name)
            print(f"wrote {args.output_dir / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
