"""Two-turn follow-ups on the real servers (issue 14; scripts/measure/measure_followups.py, figures
in docs/nlu-accuracy.md), held to what was measured.

tests/followups/heldout.yml was measured before follow-ups were read in context (75 of 115)
and again after (73 of 115), then tuned on: a tuning set since. heldout2.yml was written
apart and measured once after that tuning, never tuned on: 97 of 126 (77%), and 98 (78%)
after 11 training examples close to held-out messages were taken out, then tuned on.
heldout3.yml was written apart and measured once: 74 of 102 (73%); tuned on since (roles).
heldout4.yml was written apart and measured once after that: 96 of 110 (87%), the 85% the
issue asks for. The figures below are the ones measured last; none may drop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.measure.measure_followups import SET, load_items, measure
from tests.servers import Servers, running

pytestmark = pytest.mark.model

AS_MEASURED = {"heldout.yml": 89, "heldout2.yml": 108, "heldout3.yml": 76, "heldout4.yml": 96}


@pytest.fixture(scope="module")
def servers(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    with running(model_path, tmp_path_factory.mktemp("followups")) as started:
        yield started


@pytest.mark.parametrize("name", sorted(AS_MEASURED))
def test_follow_ups_are_answered_at_least_as_measured(servers: Servers, name: str) -> None:
    counts = measure(servers, load_items(SET.parent / name), prefix=name)
    assert counts.total >= 80
    assert counts.right >= AS_MEASURED[name], counts.report()
