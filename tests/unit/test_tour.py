"""The tour is grounded in the report and its entries, fits a screen, and varies per role."""

from __future__ import annotations

import pytest

from bot.channels.commands import button_payload
from bot.knowledge import KnowledgeBase
from bot.knowledge.report import Report
from bot.onboarding.tour import ROLES, Step, TourSource, load_tour, role_question

TOUR = load_tour()
STEPS = list(TOUR)
SCREEN = 900  # characters: a step with its role variation and source fits one phone screen


def _ids(step: Step) -> str:
    return step.id


def _all_sources(step: Step) -> list[tuple[str, TourSource]]:
    pairs = [(step.entry, s) for s in step.sources]
    return pairs + [(v.entry, s) for v in step.roles.values() for s in v.sources]


def test_the_tour_covers_the_cycle_and_self_care(knowledge: KnowledgeBase) -> None:
    load_tour(knowledge=knowledge)  # every entry exists
    assert 8 <= len(TOUR) <= 10
    assert STEPS[0].entry == "cyclus-drie-fases"
    phases = [s.phase for s in STEPS]
    assert phases.index("vredestijd") < phases.index("crisis") < phases.index("nazorg")
    assert STEPS[-1].entry.startswith("welzijn-")


@pytest.mark.parametrize("step", STEPS, ids=_ids)
def test_sources_follow_the_toc_and_are_cited_by_the_entry(
    step: Step, knowledge: KnowledgeBase, report: Report
) -> None:
    for entry_id, source in _all_sources(step):
        assert source.pages == report.sections[source.section], f"{step.id}: §{source.section}"
        cited = {(s.section, s.table) for s in knowledge[entry_id].sources}
        assert (source.section, source.table) in cited, f"{step.id}: {entry_id} §{source.section}"


@pytest.mark.parametrize("step", STEPS, ids=_ids)
@pytest.mark.parametrize("role", [None, *ROLES])
def test_every_step_fits_a_screen_and_ends_with_its_source(step: Step, role: str | None) -> None:
    view = TOUR.view(STEPS.index(step), role)
    assert len(view.text) <= SCREEN
    assert view.text.splitlines()[-1].startswith("Bron: Greijdanus e.a. (2023), §")
    titles = [b.title for b in view.buttons]
    assert titles[1:] == ["Meer hierover", "Stoppen"]
    assert all(button_payload(b.payload) == b.payload for b in view.buttons)


def test_roles_get_the_reports_variations() -> None:
    index = next(i for i, s in enumerate(STEPS) if s.id == "informatiedeling")
    general = TOUR.view(index)
    youth = TOUR.view(index, "jongerenwerker")
    police = TOUR.view(index, "politie")
    assert general.entry == "informatiedeling-vertrouwen-rollen"
    assert youth.entry == "informatiedeling-jongerenwerker"
    assert police.entry == "informatiedeling-netwerkpartners"
    assert "doelmatigheid, vervangbaarheid en proportionaliteit" in youth.text
    assert "niet dat een jongerenwerker verplicht is" in police.text
    sources = "§3.2, p. 18–28, Tabel 2; §3.1, p. 14–17"
    assert youth.text.splitlines()[-1].endswith(sources)
    assert TOUR.view(index, "anders").text == general.text
    covered = {role for s in STEPS for role in s.roles}
    assert covered == set(ROLES)


def test_the_last_step_offers_the_quiz() -> None:
    assert TOUR.view(len(TOUR) - 1).buttons[0].title == "Doe de quiz"
    assert TOUR.view(0).buttons[0].title == "Volgende"


def test_the_role_question_offers_each_role() -> None:
    text, buttons = role_question()
    assert "Voor welke rol" in text
    assert [b.payload for b in buttons][:3] == [
        '/start_tour{"role":"jongerenwerker"}',
        '/start_tour{"role":"politie"}',
        '/start_tour{"role":"gemeente"}',
    ]
    assert all(button_payload(b.payload) == b.payload for b in buttons)
