"""Every entry in knowledge/ is valid, and invalid entries are reported by file and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from bot.knowledge.loader import KNOWLEDGE_DIR

TOPICS = {
    "provocatie": "provocatie-reageren",
    "informatiedeling": "informatiedeling-jongerenwerker",
    "desinformatie": "gerucht-ontkrachten",
}


def test_all_entries_load(knowledge: KnowledgeBase) -> None:
    assert len(knowledge) >= 16
    files = sorted(p.stem for p in (KNOWLEDGE_DIR / "entries").glob("*.yml"))
    assert sorted(e.id for e in knowledge) == files


@pytest.mark.parametrize("entry_id", TOPICS.values())
def test_core_topics_are_covered(knowledge: KnowledgeBase, entry_id: str) -> None:
    entry = knowledge[entry_id]
    assert entry.steps or entry.checklist
    assert entry.sources[0].quotes


def test_tabel_2_has_all_three_rows(knowledge: KnowledgeBase) -> None:
    rows = ["jongerenwerkorganisatie", "jongerenwerker", "netwerkpartners"]
    for row in rows:
        sources = knowledge[f"informatiedeling-{row}"].sources
        assert any(s.table == "Tabel 2" for s in sources), row


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A copy of the knowledge folder to break on purpose."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def _edit(folder: Path, entry_id: str, **changes: object) -> None:
    file = folder / "entries" / f"{entry_id}.yml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    return caught.value.problems


def test_missing_field_names_file_and_field(scratch: Path) -> None:
    _edit(scratch, "provocatie-reageren", summary=None)
    assert _problems(scratch) == [
        "knowledge/entries/provocatie-reageren.yml: (entry): 'summary' is a required property"
    ]


def test_wrong_nested_value_names_its_path(scratch: Path) -> None:
    entry = yaml.safe_load((scratch / "entries" / "gerucht-ontkrachten.yml").read_text())
    entry["sources"][0]["pages"] = ["47", 51]
    _edit(scratch, "gerucht-ontkrachten", sources=entry["sources"])
    (problem,) = _problems(scratch)
    assert problem.startswith("knowledge/entries/gerucht-ontkrachten.yml: sources[0].pages[0]: ")


def test_unknown_phase_and_related_entry_are_reported(scratch: Path) -> None:
    _edit(scratch, "provocatie-online", phases=["oorlog"])
    _edit(scratch, "provocatie-afsluiten", related=["bestaat-niet"])
    problems = _problems(scratch)
    assert any("provocatie-online.yml: phases[0]: 'oorlog' is not one of" in p for p in problems)
    assert (
        "knowledge/entries/provocatie-afsluiten.yml: related[0]: 'bestaat-niet' is not an entry"
        in problems
    )


def test_id_must_match_file_name(scratch: Path) -> None:
    _edit(scratch, "provocatie-online", id="iets-anders")
    assert _problems(scratch) == [
        "knowledge/entries/provocatie-online.yml: id: 'iets-anders' must equal "
        "the file name 'provocatie-online'"
    ]


def test_broken_yaml_is_reported(scratch: Path) -> None:
    (scratch / "entries" / "provocatie-online.yml").write_text("id: [unclosed\n")
    (problem,) = _problems(scratch)
    assert problem.startswith("knowledge/entries/provocatie-online.yml: (yaml): ")


def test_an_online_counterpart_must_be_another_entry(scratch: Path) -> None:
    _edit(scratch, "provocatie-reageren", online="bestaat-niet")
    _edit(scratch, "provocatie-afsluiten", online="provocatie-afsluiten")
    problems = _problems(scratch)
    assert "knowledge/entries/provocatie-reageren.yml: online: 'bestaat-niet' is not an entry" in (
        problems
    )
    assert (
        "knowledge/entries/provocatie-afsluiten.yml: online: 'provocatie-afsluiten' refers to "
        "itself" in problems
    )


def test_online_counterparts_are_about_online_contact(knowledge: KnowledgeBase) -> None:
    """Every curated ``online`` counterpart is an entry about online contact."""
    from bot.context import is_online_entry

    pairs = [(e.id, e.online) for e in knowledge if e.online]
    assert len(pairs) >= 10
    assert all(is_online_entry(knowledge[online]) for _, online in pairs), pairs
