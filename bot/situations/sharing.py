"""The information-sharing helper: which questions to ask, and the advice for the answers.

The advice follows Tabel 2 (recommendations on information sharing per role, after
Bijlage E of the 7-stappenmodel) and the text around it in §3.2 of Greijdanus e.a. (2023):
doelmatigheid, vervangbaarheid and proportionaliteit; sharing anonymously or at group level
where possible; information from an individual support relationship only with consent or
when "levensbelangen" are at stake; network partners decide themselves what they share, also
with the procesregisseur. Every sentence of advice carries the report's own words it rests
on (:class:`Ground`: section, pages, table, a verbatim quote of at most 250 characters);
tests check them against the report. The report leaves legal questions to other frameworks,
so every piece of advice ends by saying so and pointing to the privacy officer (FG).

This module is pure: the Rasa form (actions/sharing.py) fills a :class:`Case` and renders
:func:`advise`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge import Source
from bot.knowledge.model import source_line

ROLES = ("jongerenwerker", "politie", "gemeente", "netwerkpartner")
KINDS = ("persoon", "groep", "anoniem")
ROLE_LABELS = {
    "jongerenwerker": "jongerenwerker",
    "politie": "politie",
    "gemeente": "gemeente",
    "netwerkpartner": "netwerkpartner",
}
KIND_LABELS = {
    "persoon": "over één persoon",
    "groep": "over een groep",
    "anoniem": "een anoniem signaal",
}

# The form's slots, in the order they are asked.
ROLE, KIND, LEGAL_DUTY, CONSENT, VITAL, OTHER_WAY = (
    "sharing_role",
    "sharing_info",
    "sharing_legal_duty",
    "sharing_consent",
    "sharing_vital",
    "sharing_other_way",
)
SLOTS = (ROLE, KIND, LEGAL_DUTY, CONSENT, VITAL, OTHER_WAY)


@dataclass(frozen=True)
class Ground:
    """Where a sentence of advice comes from: the report's words, section, pages, table."""

    section: str
    pages: tuple[int, int]
    quote: str
    table: str | None = None

    @property
    def source(self) -> Source:
        return Source(
            section=self.section, pages=self.pages, quotes=(self.quote,), table=self.table
        )


_S32, _S33, _S1 = ("3.2", (18, 28)), ("3.3", (29, 31)), ("1", (4, 8))
WEIGH = Ground(
    *_S32,
    "dat je (naast wettelijke verplichtingen om informatie te delen) een afweging maakt op basis "
    "van 1) doelmatigheid (bijdrage aan het doel van jongerenwerk), 2) vervangbaarheid (evt. "
    "andere manieren om het doel te bereiken),",
    "Tabel 2",
)
PROPORTIONAL = Ground(
    *_S32,
    "3) proportionaliteit (gepaste hoeveelheid en detail van informatie om het doel te bereiken)",
    "Tabel 2",
)
ANONYMOUS = Ground(
    *_S32, "dat je informatie waar mogelijk anoniem of op groepsniveau deelt", "Tabel 2"
)
CONSENT_OR_VITAL = Ground(
    *_S32,
    "dat je informatie in het kader van een individuele ondersteuningsrelatie alleen kunt delen "
    "met toestemming, of als er fysieke, psychische of sociale ‘levensbelangen’ in het geding zijn",
    "Tabel 2",
)
VITAL_WEIGHING = Ground(
    *_S32,
    "hoe jongerenwerkers kunnen afwegen over of er ‘levensbelangen’ zijn (m.n. wanneer die niet "
    "fysiek zijn) die zo ernstig zijn dat vertrouwelijke informatie kan/moet worden gedeeld.",
    "Tabel 2",
)
TELL_YOUTH = Ground(
    *_S32,
    "Geef helderheid aan jongeren over: - je taken en rol als jongerenwerker, - je samenwerking "
    "met netwerkpartners waaronder de politie,",
    "Tabel 2",
)
NOT_OBLIGED = Ground(
    *_S32,
    "Ook al heb je als netwerkpartner de bevoegdheid om bepaalde informatie te verwerken, dat "
    "betekent niet automatisch dat een jongerenwerker verplicht is die informatie te verstrekken "
    "(uitgezonderd wettelijke plichten),",
    "Tabel 2",
)
OTHER_SOURCES = Ground(
    *_S32,
    "Vraag geen persoonsgegevens of informatie die op een andere manier te verkrijgen is (bijv. "
    "uit BRP of andere gemeentelijke bronnen)",
    "Tabel 2",
)
OWN_POWERS = Ground(
    *_S32,
    "In het algemeen, ken de grenzen van de eigen bevoegdheden en blijf hierbinnen,",
    "Tabel 2",
)
PROCESREGISSEUR = Ground(
    *_S32,
    "Netwerkpartners beslissen zelf welke gegevens zij noodzakelijk achten om te delen met "
    "elkaar en in het bijzonder met de procesregisseur.",
)
ON_REQUEST = Ground(
    *_S32,
    "Deze informatiedeling gebeurt zowel op eigen initiatief van de betreffende netwerkpartner "
    "als op verzoek van de procesregisseur.",
)
PREVENTION = Ground(
    *_S32,
    "het doel van informatievergaring door jongerenwerkers de preventie is van persoonlijke "
    "problemen",
)
LEGAL_ELSEWHERE = Ground(*_S1, "De juridische aspecten worden elders verder uitgewerkt.")
FG = Ground(
    *_S32,
    "indien van toepassing met de onafhankelijke functionaris gegevensbescherming (FG) die is "
    "aangesteld binnen de betreffende netwerkpartner(s).",
)
FG_ROLE = Ground(
    *_S33,
    "als onafhankelijk persoon die binnen de organisatie toezicht houdt op de toepassing en "
    "naleving van de privacywetgeving?",
)
DPIA = Ground(
    *_S32,
    "een data protection impact assessment (DPIA) uit te voeren om vóóraf de privacyrisico’s "
    "van gegevensverwerking in kaart te brengen en te verkleinen",
)


@dataclass(frozen=True)
class Line:
    """One sentence of advice and the report's words it rests on."""

    text: str
    grounds: tuple[Ground, ...]


@dataclass(frozen=True)
class Case:
    """The answers so far; ``None`` for a question not (yet) answered."""

    role: str | None = None
    kind: str | None = None
    legal_duty: bool | None = None
    consent: bool | None = None
    vital: bool | None = None
    other_way: bool | None = None

    @classmethod
    def from_slots(cls, slots: dict[str, object]) -> Case:
        def flag(name: str) -> bool | None:
            value = slots.get(name)
            return value if isinstance(value, bool) else None

        role, kind = slots.get(ROLE), slots.get(KIND)
        return cls(
            role=role if isinstance(role, str) and role in ROLES else None,
            kind=kind if isinstance(kind, str) and kind in KINDS else None,
            legal_duty=flag(LEGAL_DUTY),
            consent=flag(CONSENT),
            vital=flag(VITAL),
            other_way=flag(OTHER_WAY),
        )

    @property
    def is_youth_worker(self) -> bool:
        return self.role == "jongerenwerker"


def questions(case: Case) -> list[str]:
    """The slots to ask for ``case``, in order: only what the advice needs. Consent and
    levensbelangen matter for a youth worker's information about one person when no legal
    duty decides it (Tabel 2)."""
    needed = [ROLE, KIND, LEGAL_DUTY]
    if case.is_youth_worker and case.kind == "persoon" and case.legal_duty is not True:
        needed += [CONSENT, VITAL]
    return [*needed, OTHER_WAY]


def previous_question(case: Case, current: str | None) -> str | None:
    """The question asked before ``current`` (the last one when the form is done)."""
    order = questions(case)
    if current not in order:
        return order[-1] if current is None else None
    index = order.index(current)
    return order[index - 1] if index > 0 else None


def advise(case: Case) -> list[Line]:
    """The advice for a complete ``case``, most decisive first, the legal pointer last."""
    lines: list[Line] = []
    if case.legal_duty:
        ground = WEIGH if case.is_youth_worker else NOT_OBLIGED
        lines.append(
            Line("Een wettelijke plicht om te delen blijft gelden; de afweging hieronder komt "
                 "daar naast.", (ground,))
        )  # fmt: skip
    lines += _youth_worker(case) if case.is_youth_worker else _partner(case)
    lines.append(
        Line("Wat je deelt met netwerkpartners en de procesregisseur, beslis je zelf.",
             (PROCESREGISSEUR,))
    )  # fmt: skip
    lines.append(
        Line("Juridische vragen laat het rapport aan andere kaders: vraag je functionaris "
             "gegevensbescherming (FG).", (LEGAL_ELSEWHERE, FG))
    )  # fmt: skip
    return lines


def _youth_worker(case: Case) -> list[Line]:
    lines = []
    if case.kind == "persoon" and not case.legal_duty:
        if case.consent or case.vital:
            reason = "er is toestemming" if case.consent else "er staan levensbelangen op het spel"
            lines.append(
                Line("Informatie uit een individuele ondersteuningsrelatie deel je alleen met "
                     f"toestemming of bij levensbelangen; hier kan dat: {reason}.",
                     (CONSENT_OR_VITAL,))
            )  # fmt: skip
            if case.vital and not case.consent:
                lines.append(
                    Line("Twijfel je of de levensbelangen ernstig genoeg zijn? Je organisatie "
                         "hoort je handvatten te geven om dat af te wegen.", (VITAL_WEIGHING,))
                )  # fmt: skip
        else:
            lines.append(
                Line("Zonder toestemming en zonder levensbelangen deel je informatie uit een "
                     "individuele ondersteuningsrelatie niet.", (CONSENT_OR_VITAL,))
            )  # fmt: skip
    lines.append(
        Line("Weeg af: draagt delen bij aan het doel van jongerenwerk (doelmatigheid) en kan "
             "het doel ook anders bereikt worden (vervangbaarheid)?", (WEIGH,))
    )  # fmt: skip
    if case.other_way:
        lines.append(
            Line("Het doel kan ook anders: kies die weg, en deel waar mogelijk anoniem of op "
                 "groepsniveau.", (ANONYMOUS,))
        )  # fmt: skip
    elif case.kind in ("groep", "anoniem"):
        lines.append(Line("Anoniem of op groepsniveau delen is wat Tabel 2 waar mogelijk "
                          "aanraadt.", (ANONYMOUS,)))  # fmt: skip
    lines.append(
        Line("Deel niet meer dan nodig: een gepaste hoeveelheid en detail (proportionaliteit).",
             (PROPORTIONAL,))
    )  # fmt: skip
    lines.append(
        Line("Vertel jongeren wat je rol is en dat je samenwerkt met netwerkpartners, ook de "
             "politie.", (TELL_YOUTH,))
    )  # fmt: skip
    return lines


def _partner(case: Case) -> list[Line]:
    lines = [
        Line("Een jongerenwerker is niet automatisch verplicht jou informatie te geven, ook al "
             "mag jij die verwerken (wettelijke plichten uitgezonderd).", (NOT_OBLIGED,))
    ]  # fmt: skip
    if case.other_way or case.kind == "persoon":
        lines.append(
            Line("Vraag geen persoonsgegevens of informatie die je ook anders kunt krijgen, "
                 "zoals uit de BRP of andere gemeentelijke bronnen.", (OTHER_SOURCES,))
        )  # fmt: skip
    if case.other_way or case.kind in ("groep", "anoniem"):
        lines.append(Line("Anoniem of op groepsniveau delen is wat Tabel 2 jongerenwerkers waar "
                          "mogelijk aanraadt.", (ANONYMOUS,)))  # fmt: skip
    lines.append(
        Line("Ken de grenzen van je eigen bevoegdheden en blijf daarbinnen.", (OWN_POWERS,))
    )
    return lines


def advice_grounds(lines: list[Line]) -> list[Ground]:
    """Every ground of ``lines``, each once, in order."""
    return list(dict.fromkeys(g for line in lines for g in line.grounds))


def advice_source_line(lines: list[Line]) -> str:
    """``Bron: …`` for the advice."""
    return source_line(g.source for g in advice_grounds(lines))


def answers_line(case: Case) -> str:
    """The answers the advice is for, in one line ("Jouw antwoorden: …")."""

    def yes_no(value: bool | None, yes: str, no: str) -> str | None:
        return None if value is None else (yes if value else no)

    parts = [
        ROLE_LABELS.get(case.role or "", case.role),
        KIND_LABELS.get(case.kind or "", case.kind),
        yes_no(case.legal_duty, "wettelijke plicht", "geen wettelijke plicht"),
        yes_no(case.consent, "toestemming", "geen toestemming"),
        yes_no(case.vital, "levensbelangen", "geen levensbelangen"),
        yes_no(case.other_way, "kan ook anders", "kan niet anders"),
    ]
    return "Jouw antwoorden: " + " · ".join(p for p in parts if p)


# --- side questions: the terms the questions use -------------------------------------------


@dataclass(frozen=True)
class Term:
    """A term the helper uses, explained in one sentence with its grounds."""

    name: str
    text: str
    grounds: tuple[Ground, ...]
    entry: str = "informatiedeling-jongerenwerker"  # the entry to read more


TERMS: dict[str, Term] = {
    "doelmatigheid": Term(
        "Doelmatigheid",
        "Draagt het delen bij aan het doel van jongerenwerk? Dat doel is de preventie van "
        "persoonlijke problemen.",
        (WEIGH, PREVENTION),
    ),
    "vervangbaarheid": Term(
        "Vervangbaarheid",
        "Zijn er andere manieren om hetzelfde doel te bereiken, bijvoorbeeld anoniem of op "
        "groepsniveau?",
        (WEIGH, ANONYMOUS),
    ),
    "proportionaliteit": Term(
        "Proportionaliteit",
        "Deel een gepaste hoeveelheid en detail van informatie: niet meer dan nodig is om het "
        "doel te bereiken.",
        (PROPORTIONAL,),
    ),
    "levensbelangen": Term(
        "Levensbelangen",
        "Fysieke, psychische of sociale belangen die zo ernstig in het geding zijn dat "
        "vertrouwelijke informatie gedeeld kan of moet worden, ook zonder toestemming.",
        (CONSENT_OR_VITAL, VITAL_WEIGHING),
    ),
    "toestemming": Term(
        "Toestemming",
        "Informatie uit een individuele ondersteuningsrelatie deel je alleen met toestemming, "
        "of als er levensbelangen in het geding zijn.",
        (CONSENT_OR_VITAL,),
    ),
    "procesregisseur": Term(
        "Procesregisseur",
        "Met de procesregisseur delen netwerkpartners informatie, op eigen initiatief of op "
        "verzoek; wat je deelt, beslis je zelf.",
        (PROCESREGISSEUR, ON_REQUEST),
        "informatiedeling-netwerkpartners",
    ),
    "fg": Term(
        "Functionaris gegevensbescherming (FG)",
        "De onafhankelijke persoon die binnen de organisatie toezicht houdt op de toepassing en "
        "naleving van de privacywetgeving. Met juridische vragen ga je naar de FG.",
        (FG_ROLE, FG),
        "informatiedeling-dpia-fg",
    ),
    "dpia": Term(
        "DPIA",
        "Een data protection impact assessment: vooraf de privacyrisico’s van "
        "gegevensverwerking in kaart brengen en verkleinen.",
        (DPIA,),
        "informatiedeling-dpia-fg",
    ),
}
_TERM_WORDS: dict[str, str] = {
    r"doelmatig\w*": "doelmatigheid",
    r"vervangba\w*": "vervangbaarheid",
    r"proportiona\w*|proportioneel": "proportionaliteit",
    r"levensbelang\w*": "levensbelangen",
    r"toestemming": "toestemming",
    r"procesregisseur\w*|proces\s*regisseur": "procesregisseur",
    r"fg|functionaris\s+gegevensbescherming|privacy\s*officer|privacyfunctionaris": "fg",
    r"dpia": "dpia",
}
_TERM_PATTERN = re.compile(r"\b(" + "|".join(f"(?:{p})" for p in _TERM_WORDS) + r")\b", re.I)


def find_term(text: str) -> Term | None:
    """The first term of :data:`TERMS` that ``text`` mentions."""
    match = _TERM_PATTERN.search(text or "")
    if not match:
        return None
    word = match.group(1)
    key = next(k for p, k in _TERM_WORDS.items() if re.fullmatch(p, word, re.I))
    return TERMS[key]
