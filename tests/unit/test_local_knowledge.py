"""Checking the organisation's local knowledge folder (bot/knowledge/local.py and
scripts/operate/knowledge_check.py, `make knowledge-check`) on the worked example of
docs/lokale-kennis.md (tests/local_knowledge/voorbeeld) and broken copies of it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.knowledge.loader import default_knowledge
from bot.knowledge.local import check_folder, training_examples
from tests.pdf import write_pdf

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "local_knowledge" / "voorbeeld"
ENTRY = "entries/lokaal-procesregisseur.yml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "lokaal"))


def report_ids() -> list[str]:
    return [entry.id for entry in default_knowledge()]


def edit(folder: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = folder / ENTRY
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_worked_example_is_valid_and_overlaps_nothing() -> None:
    check = check_folder(EXAMPLE, report_ids(), training_examples())
    assert check.problems == [] and check.warnings == []
    assert list(check.entries) == ["lokaal-procesregisseur"]


def test_a_wrong_quote_names_the_file_and_the_field(folder: Path) -> None:
    edit(
        folder, lambda d: d["sources"][0]["quotes"].append("de procesregisseur belt binnen een uur")
    )
    problems = check_folder(folder, report_ids()).problems
    assert problems == [
        f"{ENTRY}: sources[0].quotes[2]: not found verbatim in sources/protocol-online-geweld.txt: "
        "'de procesregisseur belt binnen een uur'"
    ]


def test_quotes_in_a_pdf_on_the_pages_given(folder: Path) -> None:
    write_pdf(folder / "sources" / "convenant.pdf", [
        ["Convenant Zorg en Veiligheid gemeente Voorbeeld (2025)"],
        ["Partners delen alleen de kleinste nodige hoeveelheid gegevens,",
         "en alleen als dat nodig is voor het doel van het overleg."],
    ])  # fmt: skip
    source = {
        "document": "Convenant Zorg en Veiligheid gemeente Voorbeeld", "version": "2025",
        "file": "convenant.pdf", "pages": [2, 2],
        "quotes": ["alleen de kleinste nodige hoeveelheid gegevens"],
    }  # fmt: skip
    edit(folder, lambda d: d["sources"].append(source))
    assert check_folder(folder, report_ids()).problems == []
    source["pages"] = [1, 1]  # the quote is on page 2, not 1
    edit(folder, lambda d: d["sources"].__setitem__(1, source))
    assert check_folder(folder, report_ids()).problems == [
        f"{ENTRY}: sources[1].quotes[0]: not found verbatim in sources/convenant.pdf (pages 1–1): "
        "'alleen de kleinste nodige hoeveelheid gegevens'"
    ]
    source["pages"] = [2, 5]
    edit(folder, lambda d: d["sources"].__setitem__(1, source))
    assert check_folder(folder, report_ids()).problems == [
        f"{ENTRY}: sources[1].pages: [2, 5] is not within the 2 page(s) of sources/convenant.pdf"
    ]


def test_schema_ids_files_and_related_entries_are_checked(folder: Path) -> None:
    def break_it(d: dict) -> None:
        d["sources"][0]["file"] = "ontbreekt.pdf"
        d["related"] = ["bestaat-niet"]
        del d["questions"]

    edit(folder, break_it)
    assert check_folder(folder, report_ids()).problems == [
        f"{ENTRY}: (entry): 'questions' is a required property"
    ]
    edit(folder, lambda d: d.update(questions=["a", "b", "c"][:0] + ["wie bel ik"] * 3))
    problems = check_folder(folder, report_ids()).problems
    assert f"{ENTRY}: sources[0].file: sources/ontbreekt.pdf does not exist" in problems
    assert f"{ENTRY}: related[0]: 'bestaat-niet' is not an entry" in problems
    (folder / ENTRY).rename(folder / "entries" / "provocatie-afsluiten.yml")
    problems = check_folder(folder, report_ids()).problems
    assert any("id: 'lokaal-procesregisseur' must equal the file name" in p for p in problems)


def test_a_question_copied_from_another_entry_is_a_warning(folder: Path) -> None:
    training = training_examples()
    copied = training["knowledge/provocatie-afsluiten"][0]
    edit(folder, lambda d: d["questions"].append(copied))
    check = check_folder(folder, report_ids(), training)
    assert check.problems == []
    assert len(check.warnings) == 1
    assert "knowledge/provocatie-afsluiten" in check.warnings[0] and copied in check.warnings[0]


def test_make_knowledge_check_reports_and_fails(folder: Path) -> None:
    script = [
        sys.executable,
        str(ROOT / "scripts/operate/knowledge_check.py"),
        "--quick",
        "--folder",
    ]
    ok = subprocess.run([*script, str(EXAMPLE)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "1 lokale item(s) in orde, 0 fout(en), 0 waarschuwing(en)" in ok.stdout
    edit(
        folder,
        lambda d: d["sources"][0]["quotes"].__setitem__(0, "Dit staat nergens in het protocol."),
    )
    bad = subprocess.run([*script, str(folder)], capture_output=True, text=True)
    assert bad.returncode == 1
    assert f"fout: {ENTRY}: sources[0].quotes[0]: not found verbatim" in bad.stderr


def test_the_scaffold_is_a_starting_point_that_the_check_explains(tmp_path: Path) -> None:
    script = [sys.executable, str(ROOT / "scripts/operate/knowledge_new.py")]
    folder = tmp_path / "lokaal"
    made = subprocess.run([*script, "lokaal-wie-bel-ik", "--folder", str(folder)],
                          capture_output=True, text=True)  # fmt: skip
    assert made.returncode == 0, made.stderr
    entry = folder / "entries" / "lokaal-wie-bel-ik.yml"
    assert yaml.safe_load(entry.read_text(encoding="utf-8"))["id"] == "lokaal-wie-bel-ik"
    # The template is valid in shape; what is left is the curator's document and quote.
    assert check_folder(folder, report_ids()).problems == [
        "entries/lokaal-wie-bel-ik.yml: sources[0].file: sources/bestandsnaam.pdf does not exist"
    ]
    again = subprocess.run([*script, "lokaal-wie-bel-ik", "--folder", str(folder)],
                           capture_output=True, text=True)  # fmt: skip
    assert again.returncode != 0 and "exists already" in again.stderr
    wrong = subprocess.run([*script, "Wie Bel Ik", "--folder", str(folder)],
                           capture_output=True, text=True)  # fmt: skip
    assert wrong.returncode != 0


def test_served_beside_the_report_marked_and_with_its_own_source(monkeypatch) -> None:
    from bot.knowledge import loader
    from bot.render import render_background, render_entry

    monkeypatch.setenv("WEGWIJZER_LOCAL_KNOWLEDGE", str(EXAMPLE))
    loader.default_knowledge.cache_clear()
    try:
        knowledge = loader.default_knowledge()
        entry = knowledge["lokaal-procesregisseur"]
        report = knowledge["provocatie-afsluiten"]
    finally:
        loader.default_knowledge.cache_clear()
    assert entry.is_local and not report.is_local
    assert len(knowledge) == len(loader.load_knowledge()) + 1
    text = render_entry(entry, knowledge).text
    assert "📍 Lokale afspraak van je organisatie, niet uit het rapport." in text
    assert text.rstrip().endswith(
        "Bron: Protocol online aangejaagd geweld gemeente Voorbeeld, versie 3 (2026), §2"
    )
    assert "Lokale afspraak" not in render_entry(report, knowledge).text
    background = render_background(entry).text
    assert "Uit de eigen documenten" in background and "roept binnen 24 uur" in background
    assert knowledge.in_section("4.2")  # local entries have no report section; no error


def test_a_folder_that_does_not_check_out_leaves_the_report_alone(
    folder: Path, monkeypatch, caplog
) -> None:
    from bot.knowledge import loader

    edit(
        folder,
        lambda d: d["sources"][0]["quotes"].__setitem__(0, "Dit staat nergens in het protocol."),
    )
    monkeypatch.setenv("WEGWIJZER_LOCAL_KNOWLEDGE", str(folder))
    loader.default_knowledge.cache_clear()
    try:
        knowledge = loader.default_knowledge()
    finally:
        loader.default_knowledge.cache_clear()
    assert "lokaal-procesregisseur" not in knowledge
    assert len(knowledge) == len(loader.load_knowledge())
    assert "local knowledge in" in caplog.text and "quotes[0]: not found verbatim" in caplog.text
