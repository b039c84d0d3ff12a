"""After an incident, for the professional (§5.2): stressors, coping, asking for help.

Three questions (what weighs most, whether they have talked to someone, whether they lead a
team), then three short screens: the stressor and the five coping strategies; why asking
for help matters and, for someone who leads a team, how the organisation makes it safe;
and where support is in one's own organisation. No diagnosis: the flow says so first.

The support text differs per organisation: set ``WEGWIJZER_SUPPORT_TEXT`` (the text
itself) or put it in ``var/support.txt`` (or the file ``WEGWIJZER_SUPPORT_FILE`` names);
otherwise a default says to ask within your own organisation.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from bot.knowledge import KnowledgeBase
from bot.render import Answer, Button, entry_button
from bot.situations.advice import Advice, entries_of, render_advice, source_line

STRESSOR_SLOT = "aftercare_stressor"
TALKED_SLOT = "aftercare_talked"
LEADS_SLOT = "aftercare_leads"
SLOTS = (STRESSOR_SLOT, TALKED_SLOT, LEADS_SLOT)

UNKNOWN = "onbekend"
STRESSORS = {
    "emotioneel": "Emotioneel zwaar",
    "dreiging": "Bedreiging of intimidatie",
    "onzekerheid": "Onzekerheid en twijfels",
    "fysiek": "Fysiek zwaar",
    "organisatie": "Werkdruk of de organisatie",
    UNKNOWN: "Weet ik niet / zeg ik liever niet",
}
YES_NO = {"ja": "Ja", "nee": "Nee", UNKNOWN: "Zeg ik liever niet"}

NO_DIAGNOSIS = (
    "Dit is geen diagnose en geen hulpverlening: ik geef je wat het rapport zegt over herstel "
    "van professionals na een crisis. Gaat het echt niet goed, of denk je aan zelfdoding? "
    "Bel 113 (of gratis 0800-0113)."
)
QUESTIONS = {
    STRESSOR_SLOT: (
        f"**Na een incident: en jij?**\n_{NO_DIAGNOSIS}_\n\n(1/3) Wat weegt voor jou nu het "
        "zwaarst?"
    ),
    TALKED_SLOT: "(2/3) Heb je er al met iemand over gepraat, op je werk of thuis?",
    LEADS_SLOT: "(3/3) Geef je leiding aan een team (of ben je coördinator)?",
}
OPERATIONAL = ("emotioneel", "dreiging", "onzekerheid", "fysiek")
STRESSOR_ADVICE: dict[str, tuple[Advice, ...]] = {
    **{s: (Advice("welzijn-stressoren", "Check operationele stressoren"),) for s in OPERATIONAL},
    "organisatie": (
        Advice("welzijn-stressoren", "Check organisatorische stressoren"),
        Advice("welzijn-stressoren", "Let op samenhang"),
    ),
    UNKNOWN: (Advice("welzijn-stressoren"),),
}
COPING = tuple(
    Advice("welzijn-copingstrategieen", start)
    for start in ("Visualisatie:", "Emotionele afstand:", "Sociale steun:", "Vermijding:",
                  "Herinterpretatie:")
)  # fmt: skip
HELP_ADVICE = (
    Advice("welzijn-professionals-hulp-vragen"),
    Advice("welzijn-professionals-hulp-vragen", "Creëer binnen de organisatie"),
)
NOT_TALKED_ADVICE = (Advice("welzijn-copingstrategieen", "Sociale steun:"),)
LEADER_ADVICE = (
    Advice("welzijn-coping-organisatie", "Sociale steun:"),
    Advice("welzijn-coping-organisatie", "Vermijding:"),
    Advice("welzijn-programma-nazorg", "Pak stigmatisering aan"),
)
MORE_ENTRIES = (
    "welzijn-copingstrategieen",
    "welzijn-professionals-hulp-vragen",
    "welzijn-coping-organisatie",
    "nazorg-checklist-professionals",
)

DEFAULT_SUPPORT = (
    "Waar je binnen je eigen organisatie steun vindt, verschilt per organisatie. Vraag het je "
    "leidinggevende of een collega die je vertrouwt, of kijk op het intranet van je "
    "organisatie wat er is na een ingrijpende gebeurtenis."
)
SUPPORT_FILE = Path("var/support.txt")


def support_text(env: Mapping[str, str] | None = None) -> str:
    """Where support is in one's own organisation: ``WEGWIJZER_SUPPORT_TEXT``, else the file
    ``WEGWIJZER_SUPPORT_FILE`` (default ``var/support.txt``) if it exists, else the default."""
    env = os.environ if env is None else env
    text = (env.get("WEGWIJZER_SUPPORT_TEXT") or "").strip()
    if text:
        return text
    path = Path(env.get("WEGWIJZER_SUPPORT_FILE") or SUPPORT_FILE)
    if path.is_file():
        text = path.read_text(encoding="utf-8").strip()
    return text or DEFAULT_SUPPORT


def normalise(slot: str, value: object) -> str | None:
    """A slot value the flow knows, or None (then the question is asked again)."""
    options = STRESSORS if slot == STRESSOR_SLOT else YES_NO
    text = str(value or "").strip().lower()
    return text if text in options else None


def question(slot: str) -> Answer:
    """The question for ``slot`` with its buttons (stressors: ``/choose{"stressor": …}``)."""
    if slot == STRESSOR_SLOT:
        buttons = [
            Button(t, "/dont_know" if v == UNKNOWN else f'/choose{{"stressor":"{v}"}}')
            for v, t in STRESSORS.items()
        ]
    else:
        buttons = [Button("Ja", "/affirm"), Button("Nee", "/deny"),
                   Button(YES_NO[UNKNOWN], "/dont_know")]  # fmt: skip
    return Answer(text=QUESTIONS[slot], buttons=tuple(buttons))


def render_aftercare(
    stressor: str, talked: str, leads: str, knowledge: KnowledgeBase, support: str
) -> list[Answer]:
    """Three short screens: stressor and coping; asking for help (and, for a team leader,
    making it safe); where to find support."""
    first = (*STRESSOR_ADVICE[stressor], *COPING)
    second = (*HELP_ADVICE, *(NOT_TALKED_ADVICE if talked != "ja" else ()),
              *(LEADER_ADVICE if leads == "ja" else ()))  # fmt: skip
    screen1 = "\n\n".join(
        [
            f"**Wat je nu kunt doen** ({STRESSORS[stressor].lower()})",
            "\n".join(render_advice(first[: len(STRESSOR_ADVICE[stressor])], knowledge, False)),
            "Vijf copingstrategieën uit het rapport:\n"
            + "\n".join(render_advice(COPING, knowledge, False)),
            source_line(entries_of(first, knowledge)),
        ]
    )
    leader = (
        "\n\nVoor jou als leidinggevende: maak het veilig om hulp te vragen."
        if leads == "ja"
        else ""
    )
    screen2 = "\n\n".join(
        [
            f"**Waarom hulp vragen ertoe doet**{leader}",
            "\n".join(render_advice(second, knowledge, False)),
            source_line(entries_of(second, knowledge)),
        ]
    )
    screen3 = f"**Steun in je eigen organisatie**\n{support}\n\n_{NO_DIAGNOSIS}_"
    # Every screen has buttons: channels keep a message with buttons in one piece (Rasa's
    # REST channel splits a text without buttons at blank lines).
    buttons = tuple(entry_button(knowledge[e]) for e in MORE_ENTRIES)
    return [
        Answer(text=screen1, buttons=(entry_button(knowledge[MORE_ENTRIES[0]]),)),
        Answer(text=screen2, buttons=(entry_button(knowledge[MORE_ENTRIES[1]]),)),
        Answer(text=screen3, buttons=buttons[2:]),
    ]
