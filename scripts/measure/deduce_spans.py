"""Deduce's spans for texts, run inside .venv-deduce (no project imports: Deduce's pins clash
with Rasa's). Reads a JSON list of texts on stdin; writes JSON to stdout: per configuration
(``default``: ``Deduce()`` as shipped; ``policy``: its place, age and institution annotators
off, which the project keeps on purpose) the ``[start, end, tag]`` spans of each text and the
seconds each took, plus the one-off construction time and the process's memory."""

from __future__ import annotations

import json
import logging
import sys
import time

CONFIGS = {"default": None, "policy": {"placename", "ages", "institutions"}}


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    texts = json.load(sys.stdin)
    started = time.perf_counter()
    from deduce import Deduce

    logging.getLogger().setLevel(logging.WARNING)  # importing deduce sets the root to DEBUG
    deduce = Deduce()
    construct = time.perf_counter() - started
    deduce.deidentify(texts[0])  # warm-up
    out: dict = {"construct_seconds": construct, "rss_mib": rss_mib(), "configs": {}}
    for name, disabled in CONFIGS.items():
        spans, seconds = [], []
        for text in texts:
            begun = time.perf_counter()
            doc = deduce.deidentify(text, disabled=disabled)
            seconds.append(time.perf_counter() - begun)
            spans.append([[int(a.start_char), int(a.end_char), a.tag] for a in doc.annotations])
        out["configs"][name] = {"spans": spans, "seconds": seconds}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
