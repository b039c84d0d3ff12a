"""Every entry is grounded in the report: quotes verbatim, sections and pages as the ToC gives."""

from __future__ import annotations

import pytest

from bot.knowledge import Entry, KnowledgeBase, load_knowledge
from bot.knowledge.report import Report

ENTRIES = list(load_knowledge())


def _ids(entry: Entry) -> str:
    return entry.id


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids)
def test_quotes_are_verbatim(entry: Entry, report: Report) -> None:
    missing = [q for s in entry.sources for q in s.quotes if not report.contains(q)]
    assert not missing, f"{entry.id}: not found verbatim in the report: {missing}"


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids)
def test_sections_and_pages_follow_the_toc(entry: Entry, report: Report) -> None:
    for source in entry.sources:
        assert source.section in report.sections, f"{entry.id}: unknown section {source.section}"
        assert (
            source.pages == report.sections[source.section]
        ), f"{entry.id}: §{source.section} runs p. {report.sections[source.section]}"
        if source.table:
            assert report.tables.get(source.table) == source.section, source.table
        if source.figure:
            assert report.figures.get(source.figure) == source.section, source.figure


def test_report_check_is_not_trivially_true(report: Report) -> None:
    assert report.contains("Ho wacht even, dat kwam er niet goed uit.")
    assert report.contains("aangaan van een de-escalerende interactie")  # "de-" ends a line
    assert report.contains("Veiligheid en Zorg van de regio Amsterdam-Amstelland")
    assert not report.contains("Ho wacht even, dat kwam er goed uit.")


def test_knowledge_has_cited_studies(knowledge: KnowledgeBase) -> None:
    assert "Pontzer (2021)" in knowledge["provocatie-reageren"].sources[0].cites
    assert "Swire & Ecker (2021)" in knowledge["gerucht-ontkrachten"].sources[0].cites


def test_browsing_sections_follow_the_toc(report: Report) -> None:
    from bot.knowledge.loader import load_sections

    assert [s.id for s in load_sections()] == list(report.sections)


def test_every_section_and_table_of_the_report_has_an_entry(knowledge: KnowledgeBase) -> None:
    report = Report()
    used_sections = {s.section for e in knowledge for s in e.sources}
    assert set(report.sections) <= used_sections
    used_tables = {s.table for e in knowledge for s in e.sources if s.table}
    used_figures = {s.figure for e in knowledge for s in e.sources if s.figure}
    assert set(report.tables) <= used_tables
    assert set(report.figures) <= used_figures


def test_quotes_stay_short_quotes(knowledge: KnowledgeBase, report: Report) -> None:
    """The project holds short quotes, not the report: together the quotes cover at most a
    third of the report text (each quote ≤ 250 characters, ≤ 2 per source: the schema)."""
    assert report.coverage([q for e in knowledge for s in e.sources for q in s.quotes]) <= 0.33
