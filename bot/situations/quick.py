"""Quick lookups: one screen per situation, built from curated entries.

``/provocatie``, ``/delen``, ``/gerucht``, ``/crisis``, ``/nazorg`` and ``/signalen`` (and
"snel: wat zeg ik bij provocatie") answer with a composite: a few short parts, each taken
from one entry (its steps, checklist, examples or summary, cut to a few lines) and each with
that entry's own ``Bron:`` line. Buttons open the full entries ("meer") and, where there is
one, the guided conversation for the situation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.knowledge import Entry, KnowledgeBase
from bot.render import Answer, Button, entry_button
from bot.safety import DANGER_REMINDER

QUICK_INTENT = "quick_lookup"
TOPIC_ENTITY = "topic"
START_SHARING = Button("Stap voor stap: mag ik dit delen?", "/start_sharing")
START_CRISIS = Button("Stap voor stap door de crisis", "/start_crisis")
MAX_MORE_BUTTONS = 4
PARTNER_ROLES = ("politie", "gemeente", "netwerkpartner")


@dataclass(frozen=True)
class Part:
    """One part of a quick lookup: ``field`` of ``entry`` (steps, checklist, examples or
    summary), at most ``limit`` lines, under ``heading``."""

    heading: str
    entry: str
    field: str
    limit: int = 6
    numbered: bool = False
    only: tuple[int, ...] = ()  # these items of the field (by index), else the first ``limit``

    def lines(self, entry: Entry) -> list[str]:
        if self.field == "summary":
            return [entry.summary]
        items = list(getattr(entry, self.field))
        items = [items[i] for i in self.only] if self.only else items[: self.limit]
        if self.numbered:
            return [f"{n}. {item}" for n, item in enumerate(items, 1)]
        quote = self.field == "examples"
        return [f"- “{item}”" if quote else f"- {item}" for item in items]


@dataclass(frozen=True)
class Topic:
    """A quick lookup: its title, its parts, and the entries offered as "meer"."""

    title: str
    parts: tuple[Part, ...]
    more: tuple[str, ...]
    guided: Button | None = None
    urgent: bool = False  # starts with the 112 line, as the crisis walk-through does


# The report leaves legal questions to other frameworks; the FG is the one to ask.
_LEGAL = Part("Juridische vragen", "informatiedeling-dpia-fg", "checklist", only=(2,))
_SHARING_YOUTH_WORKER = Topic(
    "Snel: informatie delen als jongerenwerker",
    (
        Part("Zo weeg je af (Tabel 2)", "informatiedeling-jongerenwerker", "checklist", 4),
        _LEGAL,
    ),
    ("informatiedeling-jongerenwerker", "informatiedeling-vertrouwen-rollen"),
    START_SHARING,
)
_SHARING_PARTNER = Topic(
    "Snel: informatie vragen en delen als netwerkpartner",
    (
        Part(
            "Zo ga je om met informatie (Tabel 2)",
            "informatiedeling-netwerkpartners",
            "checklist",
            4,
        ),
        _LEGAL,
    ),
    ("informatiedeling-netwerkpartners", "informatiedeling-vertrouwen-rollen"),
    START_SHARING,
)

TOPICS: dict[str, Topic] = {
    "provocatie": Topic(
        "Snel: reageren op provocatie",
        (
            Part("De stappen", "provocatie-reageren", "steps", 4, numbered=True),
            Part("Voorbeeldzin", "provocatie-reageren", "examples", 1),
            Part(
                "Waarschuwingssignalen bij een collega",
                "provocatie-collega-signalen",
                "checklist",
                4,
            ),
            Part("Opnieuw beginnen", "provocatie-opnieuw-beginnen", "examples", 1),
        ),
        (
            "provocatie-reageren",
            "provocatie-collega-signalen",
            "provocatie-waarschuwingszin",
            "provocatie-opnieuw-beginnen",
        ),
    ),  # fmt: skip
    "delen": _SHARING_YOUTH_WORKER,
    "gerucht": Topic(
        "Snel: een gerucht ontkrachten",
        (Part("De zes aanbevelingen", "gerucht-ontkrachten", "steps", 6, numbered=True),),
        ("gerucht-ontkrachten", "gerucht-herhaling-bronnen", "desinformatie-verschil"),
    ),
    "crisis": Topic(
        "Snel: de-escaleren in een crisis",
        (
            Part("Vier tactieken", "deescalatie-tactieken", "steps", 4, numbered=True),
            Part(
                "Vijf stappen om te besluiten",
                "kritische-besluitvorming-stappen",
                "steps",
                5,
                numbered=True,
            ),
        ),
        (
            "deescalatie-tactieken",
            "kritische-besluitvorming-stappen",
            "een-woordvoerder",
            "vredesbewaking-minst-repressieve-rol",
        ),
        START_CRISIS,
        urgent=True,
    ),  # fmt: skip
    "nazorg": Topic(
        "Snel: nazorg",
        (
            Part("Relaties herstellen", "nazorg-checklist-relaties", "checklist", 3),
            Part("Zorg voor jezelf", "nazorg-checklist-professionals", "checklist", only=(0, 2)),
        ),
        (
            "nazorg-checklist-relaties",
            "nazorg-checklist-professionals",
            "welzijn-copingstrategieen",
            "nazorg-drie-stadia-verzoening",
        ),
    ),  # fmt: skip
    "signalen": Topic(
        "Snel: signalen in vredestijd",
        (
            Part("Waar let je op", "vredestijd-checklist-signalering", "checklist", 4),
            Part("De risicokalender", "risicokalender", "checklist", 3),
        ),
        (
            "vredestijd-checklist-signalering",
            "risicokalender",
            "signalen-integraal-duiden",
            "risicofactoren-rode-vlaggen",
        ),
    ),  # fmt: skip
}
TOPIC_TITLES = {
    "provocatie": "Provocatie",
    "delen": "Informatie delen",
    "gerucht": "Gerucht",
    "crisis": "Crisis",
    "nazorg": "Nazorg",
    "signalen": "Signalen",
}


# What the ``topic`` lookup table finds, mapped to a topic (data/nlu/situations_quick.yml).
TOPIC_WORDS = {
    "provocatie": ("provoceren", "geprovoceerd", "uitgedaagd", "uitlokking"),
    "delen": ("informatie delen", "info delen", "informatiedeling", "gegevens delen"),
    "gerucht": ("geruchten", "nepnieuws", "misinformatie"),
    "crisis": ("de-escaleren",),
    "nazorg": (),
    "signalen": ("vredestijd", "risicokalender"),
}


def normalise_topic(value: str | None) -> str:
    """The topic a word the NLU found stands for ("nepnieuws" → "gerucht"); "" if none."""
    word = (value or "").strip().lower()
    return next((t for t, words in TOPIC_WORDS.items() if word == t or word in words), "")


def quick_button(topic: str, title: str | None = None, **entities: str) -> Button:
    """A button that opens the quick lookup for ``topic``."""
    payload = json.dumps({TOPIC_ENTITY: topic, **entities}, separators=(",", ":"))
    return Button(title or TOPIC_TITLES.get(topic, topic), f"/{QUICK_INTENT}{payload}")


def topic_for(topic: str, role: str | None = None) -> Topic | None:
    """The quick lookup for ``topic``; information sharing depends on the asker's role."""
    if topic == "delen" and role in PARTNER_ROLES:
        return _SHARING_PARTNER
    return TOPICS.get(topic)


def render_quick(topic: str, knowledge: KnowledgeBase, role: str | None = None) -> Answer:
    """The one-screen answer for ``topic``; without a known topic, the list of topics."""
    topic = normalise_topic(topic)
    chosen = topic_for(topic, role)
    if chosen is None:
        return render_quick_menu()
    blocks = [f"**{chosen.title}**" + (f"\n{DANGER_REMINDER}" if chosen.urgent else "")]
    for part in chosen.parts:
        entry = knowledge[part.entry]
        blocks.append(
            "\n".join([f"**{part.heading}**", *part.lines(entry), f"_{entry.source_line}_"])
        )
    buttons = [chosen.guided] if chosen.guided else []
    if topic == "delen":
        other = "jongerenwerker" if role in PARTNER_ROLES else "politie"
        label = (
            "Ik ben jongerenwerker" if other == "jongerenwerker" else "Ik ben politie of gemeente"
        )
        buttons.append(quick_button("delen", label, role=other))
    more = [knowledge[e] for e in chosen.more if e in knowledge][:MAX_MORE_BUTTONS]
    buttons += [Button(f"Meer: {e.title}", entry_button(e).payload) for e in more]
    return Answer(text="\n\n".join(blocks), buttons=tuple(buttons))


def render_quick_menu() -> Answer:
    """Which quick lookups there are."""
    text = (
        "Snel opzoeken: kies een situatie. Je kunt ook /provocatie, /delen, /gerucht, /crisis, "
        "/nazorg of /signalen typen."
    )
    return Answer(text=text, buttons=tuple(quick_button(t) for t in TOPIC_TITLES))
