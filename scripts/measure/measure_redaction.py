"""Measure the redaction on tests/privacy/ and write the figures to docs/privacy.md.

Usage: .venv/bin/python scripts/measure/measure_redaction.py [--check]

Rewrites only the section under "## Meting van de anonimisering" (up to the next "## "
heading) and leaves the rest of docs/privacy.md alone; creates the file if it is missing.
With --check it prints the figures and exits 1 when a floor is not met, writing nothing.
"""

from __future__ import annotations

import argparse
import platform
import statistics
from pathlib import Path

from bot.privacy.measure import CLEAN, HELDOUT, PLANTED, Result, evaluate, load
from bot.privacy.redact import LABELS, warm_up

ROOT = Path(__file__).resolve().parents[2]

DOC = ROOT / "docs" / "privacy.md"
HEADING = "## Meting van de anonimisering"
RECALL_FLOOR = 0.98
KEPT_FLOOR = 0.95


def pct(x: float) -> str:
    return f"{100 * x:.1f}%".replace(".", ",")


def ms(seconds: float) -> str:
    return f"{1000 * seconds:.1f}".replace(".", ",")


def _row(name: str, result: Result) -> str:
    planted = sum(result.planted.values())
    found = pct(result.recall()) if planted else "–"
    return (
        f"| {name} | {result.messages} | {planted or '–'} | {found} | {result.words} "
        f"| {pct(result.kept)} |"
    )


def section(planted: Result, heldout: Result, clean: Result) -> str:
    total = Result()
    for result in (planted, heldout, clean):
        total.messages += result.messages
        total.planted.update(result.planted)
        total.caught.update(result.caught)
        total.words += result.words
        total.words_kept += result.words_kept
    times = sorted(planted.seconds + heldout.seconds + clean.seconds)
    rows = "\n".join(
        f"| `[{label}]` | {planted.planted[label]} | {planted.caught[label]} | "
        f"{pct(planted.recall(label))} | {heldout.planted[label]} | {pct(heldout.recall(label))} |"
        for label in LABELS
    )
    missed = (
        ", ".join(f"{label} “{text}”" for label, text in planted.missed + heldout.missed) or "geen"
    )
    lost = ", ".join(f"“{w}”" for w in planted.lost_words + heldout.lost_words + clean.lost_words)
    table = "\n".join(
        [
            _row("testset (`planted.txt`)", planted),
            _row("controleset (`heldout.txt`)", heldout),
            _row("zonder persoonsgegevens (`clean.txt`)", clean),
            _row("**alle berichten**", total),
        ]
    )
    return f"""{HEADING}

*Gegenereerd door `scripts/measure/measure_redaction.py`; niet met de hand bewerken.*

Wat er wordt gemeten: de anonimisering (`bot/privacy/redact.py`) op zelfgeschreven Nederlandse
chatberichten zoals jongerenwerkers, politie en gemeente die over jongeren typen
(`tests/privacy/`). In elk bericht zijn persoonsgegevens geplant en per stuk gemarkeerd met hun
soort. Een geplant gegeven telt als **gevonden** als elk teken ervan binnen een vervangen stuk
valt. Een woord dat geen persoonsgegeven is telt als **behouden** als geen vervangen stuk het
raakt. De vloeren (gevonden ≥ {pct(RECALL_FLOOR)} in totaal en per soort, behouden
≥ {pct(KEPT_FLOOR)}) staan als test in `tests/unit/test_redaction.py` en lopen mee in `make test`.

| | berichten | geplante gegevens | gevonden | woorden zonder persoonsgegevens | behouden |
| --- | --- | --- | --- | --- | --- |
{table}

Per soort:

| soort | testset: geplant | gevonden | recall | controleset: geplant | recall |
| --- | --- | --- | --- | --- | --- |
{rows}

Gemist: {missed}. Onterecht vervangen woorden: {lost or "geen"}.

**Snelheid.** Per bericht, zonder cache, na het eenmalig laden van de Nederlandse
spaCy-pipeline: mediaan {ms(statistics.median(times))} ms, 95e percentiel
{ms(times[int(0.95 * (len(times) - 1))])} ms, maximum {ms(times[-1])} ms
({len(times)} berichten; {platform.machine()}, Python {platform.python_version()},
{platform.system()}). Het laden zelf kost eenmalig enkele seconden (`warm_up()` bij het
starten van de server). Herhaalde teksten komen uit een cache (`lru_cache`, 8192 teksten).

**Hoe eerlijk zijn deze cijfers?** De testset, de naamlijsten en de regels zijn door dezelfde
ontwikkelaar geschreven en de regels zijn op de testset afgesteld; de cijfers op de testset zijn
dus een bovengrens. De controleset (30 berichten) is pas daarna geschreven. Bij de eerste
meting (na het rechtzetten van drie annotatiefouten in de set zelf) werd daarvan 86,2%
gevonden (namen 27 van 34: onbekende namen aan het begin van een zin, zoals „Orlando
stuurde …”, werden gemist). Daarop is één algemene regel toegevoegd (een eigennaam
volgens spaCy aan het begin van een zin, gevolgd door een werkwoord, „en”, „haar” of „(”, en
geen bekend Nederlands woord volgens het woordenboek van de lemmatizer); daarna staat de
controleset op het cijfer hierboven. Namen die niet in de lijsten staan, kleine letters en
ongewone zinsbouw blijven het zwakke punt: met de stand-in-pipeline zonder NER komen namen
alleen uit lijsten, hoofdletters, woordsoort en context. Met Explosions echte `nl_core_news_sm`
(die wel NER heeft) worden ook de PERSON-entiteiten gebruikt.

**Plaatsen en wijken.** Stads- en wijknamen (Utrecht, Overvecht, de Molenwijk) blijven staan:
ze zijn nodig voor het werk en wijzen op zichzelf geen persoon aan. Een straatnaam zonder
huisnummer („op de Dorpsstraat”) blijft ook staan; straat + huisnummer en postcode +
huisnummer worden `[ADRES]`, een postcode alleen `[POSTCODE]`. Telefoonnummers van
instanties (112, 113, 0800-…, 0900-…, 14 0xx) blijven leesbaar. Een datum is alleen een
geboortedatum na „geboren”, „geb.” of „geboortedatum”, of direct na een naam („Sanne
(12-03-2008)”); data van gebeurtenissen blijven staan.
"""


def write(text: str) -> None:
    if DOC.exists():
        doc = DOC.read_text(encoding="utf-8")
        if HEADING in doc:
            before, _, rest = doc.partition(HEADING)
            nxt = rest.find("\n## ")
            after = rest[nxt + 1 :] if nxt >= 0 else ""
            doc = before + text + ("\n" + after if after else "")
        else:
            doc = doc.rstrip("\n") + "\n\n" + text
    else:
        doc = "# Privacy\n\n" + text
    DOC.write_text(doc, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print figures, write nothing")
    args = parser.parse_args()
    warm_up()
    planted, heldout, clean = (evaluate(load(path)) for path in (PLANTED, HELDOUT, CLEAN))
    text = section(planted, heldout, clean)
    ok = planted.recall() >= RECALL_FLOOR and all(
        planted.recall(label) >= RECALL_FLOOR for label in LABELS
    )
    all_kept = (planted.words_kept + heldout.words_kept + clean.words_kept) / (
        planted.words + heldout.words + clean.words
    )
    ok = ok and all_kept >= KEPT_FLOOR
    if args.check:
        print(text)
    else:
        write(text)
        recall = pct(planted.recall())
        print(f"wrote {DOC.relative_to(ROOT)}: recall {recall}, kept {pct(all_kept)}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
