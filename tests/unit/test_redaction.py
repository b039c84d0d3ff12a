"""Redaction of personal data (bot/privacy/redact.py): floors on the annotated test set in
tests/privacy/ and unit tests per type. Fast: needs the Dutch spaCy pipeline, not the model."""

from __future__ import annotations

import statistics
import time

import pytest

from bot.privacy import LABELS, redact, redact_text
from bot.privacy.measure import CLEAN, HELDOUT, PLANTED, evaluate, load, parse
from bot.privacy.patterns import elfproef, iban_valid

RECALL_FLOOR = 0.98
KEPT_FLOOR = 0.95


def labels(text: str) -> list[str]:
    return [s.label for s in redact(text).spans]


@pytest.fixture(scope="module")
def figures():
    return evaluate(load(PLANTED)), evaluate(load(HELDOUT)), evaluate(load(CLEAN))


def test_the_issue_example() -> None:
    text = "Mo (16) uit de Molenwijk, 06-12345678, dreigt op Snap met wraak"
    assert redact_text(text) == "[NAAM] (16) uit de Molenwijk, [TELEFOON], dreigt op Snap met wraak"


def test_the_set_is_large_enough() -> None:
    planted = load(PLANTED)
    assert len(planted) >= 150
    assert len(load(CLEAN)) >= 30
    assert all(m.planted for m in planted), "every planted message holds personal data"
    types = {label for m in planted for *_, label in m.planted}
    assert types == set(LABELS)


def test_recall_floor_overall_and_per_type(figures) -> None:
    planted, _, _ = figures
    assert planted.recall() >= RECALL_FLOOR, planted.missed
    for label in LABELS:
        assert planted.recall(label) >= RECALL_FLOOR, (label, planted.missed)


def test_held_out_recall(figures) -> None:
    _, heldout, _ = figures
    assert heldout.recall() >= 0.95, heldout.missed


def test_words_without_personal_data_are_kept(figures) -> None:
    words = sum(r.words for r in figures)
    kept = sum(r.words_kept for r in figures)
    assert kept / words >= KEPT_FLOOR, [w for r in figures for w in r.lost_words]


def test_messages_without_personal_data_stay_as_they_are() -> None:
    changed = [m.text for m in load(CLEAN) if redact(m.text).changed]
    assert not changed


def test_annotation_parser() -> None:
    message = parse("{NAAM:Mo} (16), {TELEFOON:06-12345678}")
    assert message.text == "Mo (16), 06-12345678"
    assert message.planted == ((0, 2, "NAAM"), (9, 20, "TELEFOON"))


@pytest.mark.parametrize(
    "word",
    [
        "Snapchat",
        "TikTok",
        "Insta",
        "Telegram",
        "wijkagent",
        "jongerenwerker",
        "handhaving",
        "OOV",
        "politie",
        "gemeente",
        "Jeugdzorg",
        "Halt",
        "HALT",
        "drill",
        "duidingsinstrument",
    ],
)
def test_role_platform_and_report_words_stay(word: str) -> None:
    text = f"{word} wordt genoemd; ook de {word} en {word.lower()} blijven staan."
    assert redact_text(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Bel bij direct gevaar 112.",
        "Hij is 16 jaar en zit in de derde klas.",
        "Zie Tabel 2 en §3.2 van het rapport.",
        "Om 23:15 kwamen 3 jongens aan.",
        "Op 12-03-2024 was er een steekpartij.",
        "Vrijdag 5 november 2023 was de bijeenkomst.",
        "Bel 113 of 0800-0113, of de politie op 0900-8844.",
        "Paragraaf 5.1 en hoofdstuk 4 gaan over drill.",
        "In 2022 steeg het aantal met 15%.",
        "Het onderzoek liep van 2019 tot 2023 in Utrecht en Overvecht.",
        "Ze hangen op de Dorpsstraat rond.",
    ],
)
def test_no_false_positives(text: str) -> None:
    assert redact_text(text) == text


@pytest.mark.parametrize(
    "number",
    [
        "06-12345678",
        "06 12345678",
        "0612345678",
        "06 - 12 34 56 78",
        "+31 6 12345678",
        "+31612345678",
        "0031 6 1234 5678",
        "+31(0)6 12345678",
        "010-4123456",
        "030 - 123 45 67",
        "(030) 123 4567",
        "0348-412345",
        "06.12.34.56.78",
    ],
)
def test_phone_numbers(number: str) -> None:
    assert redact_text(f"Bel hem op {number} vandaag.") == "Bel hem op [TELEFOON] vandaag."


def test_elfproef() -> None:
    assert elfproef("111222333")
    assert elfproef("123456782")
    assert not elfproef("123456789")
    assert not elfproef("000000000")
    assert not elfproef("12345678")
    assert labels("BSN 123456782.") == ["BSN"]
    assert labels("BSN 1234.56.782") == ["BSN"]
    assert labels("BSN 123 456 782") == ["BSN"]
    assert labels("nummer 123456789 klopt niet") == []


def test_iban_mod97() -> None:
    assert iban_valid("NL91ABNA0417164300")
    assert iban_valid("NL91 ABNA 0417 1643 00")
    assert not iban_valid("NL92ABNA0417164300")
    assert iban_valid("DE89370400440532013000")
    assert redact_text("Stort op NL91 ABNA 0417 1643 00 graag.") == "Stort op [IBAN] graag."
    assert labels("Stort op NL92ABNA0417164300.") == []


@pytest.mark.parametrize(
    "plate",
    [
        "AB-12-34",
        "12-34-AB",
        "12-AB-34",
        "AB-12-CD",
        "AB-CD-12",
        "12-AB-CD",
        "12-ABC-3",
        "1-ABC-23",
        "AB-123-C",
        "A-123-BC",
        "ABC-12-D",
        "A-12-BCD",
        "1-AB-234",
        "123-AB-4",
        "GH-123-J",
    ],
)
def test_licence_plate_sidecodes(plate: str) -> None:
    assert redact_text(f"De auto met {plate} stond er.") == "De auto met [KENTEKEN] stond er."


def test_licence_plate_without_dashes_after_kenteken() -> None:
    assert redact_text("kenteken GH123J") == "kenteken [KENTEKEN]"


def test_postcode_and_addresses() -> None:
    assert redact_text("Postcode 3521 KL.") == "Postcode [POSTCODE]."
    assert redact_text("Ze woont op 3521 KL 12.") == "Ze woont op [ADRES]."
    assert redact_text("Dorpsstraat 12, Kerkweg 3a") == "[ADRES], [ADRES]"
    assert redact_text("Hij woont op de Molenweg 5.") == "Hij woont op de [ADRES]."
    assert redact_text("Laan van Meerdervoort 100") == "[ADRES]"


def test_email_and_accounts() -> None:
    assert redact_text("Mail j.bakker@politie.nl") == "Mail [EMAIL]"
    for account in [
        "@mo_010",
        "instagram.com/mo.010",
        "tiktok.com/@mo010",
        "snapchat.com/add/mo010",
        "t.me/mogroep",
        "youtube.com/@modrill",
    ]:
        assert redact_text(f"Zie {account} vandaag") == "Zie [ACCOUNT] vandaag", account
    assert redact_text("snap: mo.010") == "snap: [ACCOUNT]"


def test_the_assistants_own_identifiers_are_not_accounts() -> None:
    # Intent, action and response names look like handles but identify nobody.
    text = "intent acute_danger, action_answer_knowledge en utter_greet"
    assert redact_text(text) == text
    # A handle is still a handle.
    assert redact_text("volgt king_ray en mo_010") == "volgt [ACCOUNT] en [ACCOUNT]"


def test_dates_of_birth() -> None:
    assert redact_text("Hij is geboren 12-03-2008.") == "Hij is geboren [GEBOORTEDATUM]."
    assert redact_text("Zij is geb. 12 maart 2008.") == "Zij is geb. [GEBOORTEDATUM]."
    assert redact_text("Sanne (12-03-2008) is weg.") == "[NAAM] ([GEBOORTEDATUM]) is weg."
    assert redact_text("Op 12-03-2008 was er een rel.") == "Op 12-03-2008 was er een rel."


def test_names_with_particles_and_titles() -> None:
    assert redact_text("Ik sprak met Noah van den Berg.") == "Ik sprak met [NAAM]."
    assert redact_text("Bel mevrouw De Graaf.") == "Bel mevrouw [NAAM]."
    assert redact_text("Wijkagent Van Dijk belde.") == "Wijkagent [NAAM] belde."
    assert redact_text("Amine's broer zit vast.") == "[NAAM]'s broer zit vast."
    assert redact_text("Ik sprak met mo en jayden.") == "Ik sprak met [NAAM] en [NAAM]."


def test_places_stay() -> None:
    text = "Jongeren uit Den Haag, Rotterdam-Zuid, Kanaleneiland en de Schilderswijk."
    assert redact_text(text) == text


def test_empty_and_whitespace() -> None:
    assert redact("").text == ""
    assert redact("   ").text == "   "
    assert not redact("   ").changed


def test_speed_per_message(figures) -> None:
    texts = [m.text for m in load(PLANTED)][:60]
    redact.__wrapped__(texts[0])  # pipeline loaded
    times = []
    for text in texts:
        started = time.perf_counter()
        redact.__wrapped__(text)
        times.append(time.perf_counter() - started)
    assert statistics.median(times) < 0.020


def test_tagging_only_where_it_can_matter_changes_nothing() -> None:
    """The tagger is skipped for text without a capital letter (a speed-up measured in
    docs/benchmarks.md); on every message of the redaction sets and the held-out questions,
    as typed and in lower case, the result equals the one with the tagger always run."""
    from pathlib import Path

    import yaml

    from bot.privacy.redact import redact_uncached

    texts = [m.text for path in (PLANTED, HELDOUT, CLEAN) for m in load(path)]
    for path in sorted((Path(__file__).parents[1] / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            texts += [line[2:] for line in block["examples"].splitlines() if line.startswith("- ")]
    texts += [t.lower() for t in texts]
    untagged = [t for t in texts if not any(ch.isupper() for ch in t)]
    assert len(untagged) > 400  # the skip is exercised, not only the tagged path
    for text in texts:
        assert redact_uncached(text) == redact_uncached(text, always_tag=True), text
