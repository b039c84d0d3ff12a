"""Where are we? (§1.1): place the situation in a phase, with labels, position and role.

Four questions, each answered with a button (or typed): the phase (vredestijd, crisis,
nazorg, a spiral, or "weet niet"), whether a group label is in use, the asker's position
(neutral third party, indirect or direct target) and their role. The answer: advice lines
from the entries of §1/§1.1 and the conclusions, then buttons to the entries that matter
now.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge import KnowledgeBase
from bot.render import Answer, Button, entry_button
from bot.situations.advice import Advice, entries_of, render_advice, source_line

PHASE_SLOT = "situation_phase"
LABELS_SLOT = "situation_labels"
POSITION_SLOT = "situation_position"
ROLE_SLOT = "role"
SLOTS = (PHASE_SLOT, LABELS_SLOT, POSITION_SLOT, ROLE_SLOT)

UNKNOWN = "onbekend"
PHASES = {
    "vredestijd": "Vredestijd",
    "crisis": "Crisis",
    "nazorg": "Nazorg",
    "spiraal": "Fases lopen door elkaar (spiraal)",
    UNKNOWN: "Weet ik niet",
}
LABELS = {"ja": "Ja", "nee": "Nee", UNKNOWN: "Weet ik niet"}
POSITIONS = {
    "neutraal": "Neutrale derde partij",
    "indirect": "Indirect doelwit",
    "direct": "Direct doelwit",
    UNKNOWN: "Weet ik niet",
}
ROLES = {
    "jongerenwerker": "Jongerenwerker",
    "politie": "Politie",
    "gemeente": "Gemeente",
    "netwerkpartner": "Andere netwerkpartner",
}

QUESTIONS = {
    PHASE_SLOT: (
        # A question, not two: it takes a button (or its typed form), no free text.
        "**Waar staan we?** (1/4)\nIn welke fase zit de situatie nu, denk je, gezien wat eraan "
        "voorafging? Kies wat het best past."
    ),
    LABELS_SLOT: (
        "(2/4) Wordt de groep aangeduid met een label, zoals risicogroep, probleemgroep, "
        "bende of drillrapgroep?"
    ),
    POSITION_SLOT: "(3/4) Welke positie heb jij (of je team) nu?",
    ROLE_SLOT: "(4/4) Wat is je rol?",
}

PHASE_ADVICE: dict[str, tuple[Advice, ...]] = {
    "vredestijd": (Advice("cyclus-drie-fases", "Vredestijd:"),),
    "crisis": (Advice("cyclus-drie-fases", "Crisis:"),),
    "nazorg": (Advice("cyclus-drie-fases", "Nazorg:"),),
    "spiraal": (
        Advice("fases-overlap-geweldspiraal"),
        Advice("fases-overlap-geweldspiraal", "Werk na een crisis aan nazorg"),
    ),
    UNKNOWN: (
        Advice("orientatie-situatie-vragen", "Vraag je af: in welke fase"),
        Advice("orientatie-situatie-vragen", "Vraag je af: is er een combinatie"),
    ),
}
LABEL_ADVICE: dict[str, tuple[Advice, ...]] = {
    "ja": (
        Advice("groepen-labels-perceptie", "Vraag je af: is dit label"),
        Advice("groepen-labels-perceptie", "Vraag je af: strookt het"),
    ),
    "nee": (Advice("orientatie-situatie-vragen", "Vraag je af: welke groepstyperingen"),),
    UNKNOWN: (Advice("orientatie-situatie-vragen", "Vraag je af: welke groepstyperingen"),),
}
POSITION_ADVICE: dict[str, tuple[Advice, ...]] = {
    "neutraal": (Advice("positie-netwerkpartner", "Ga na of je neutrale derde partij"),),
    "indirect": (Advice("positie-netwerkpartner", "Ga na of je indirect doelwit"),),
    "direct": (Advice("positie-netwerkpartner", "Ga na of je direct doelwit"),),
    UNKNOWN: (Advice("positie-netwerkpartner"),),
}
ROLE_ADVICE = (
    Advice("positie-netwerkpartner", "Vraag je af: welke consequenties"),
    Advice("orientatie-situatie-vragen", "Vraag je af: hoe verhoudt jouw rol"),
)
NOW_ENTRIES: dict[str, tuple[str, ...]] = {
    "vredestijd": (
        "vredestijd-checklist-relaties",
        "vredestijd-checklist-signalering",
        "signalen-integraal-duiden",
    ),
    "crisis": ("crisis-checklist-ingrijpen", "deescalatie-tactieken", "provocatie-reageren"),
    "nazorg": (
        "nazorg-checklist-relaties",
        "gerucht-ontkrachten",
        "nazorg-checklist-professionals",
    ),
    "spiraal": (
        "crisis-checklist-ingrijpen",
        "nazorg-checklist-relaties",
        "vredestijd-checklist-signalering",
    ),
    UNKNOWN: ("cyclus-drie-fases", "orientatie-situatie-vragen", "fases-overlap-geweldspiraal"),
}
# The role's own entry: information sharing per role (Tabel 2), via the entry's variants.
ROLE_ENTRY = "informatiedeling-jongerenwerker"
# "There is no single plan for every situation" (the orientation entry's caveat, §1).
NO_SINGLE_PLAN_ENTRY = "orientatie-situatie-vragen"


@dataclass(frozen=True)
class Situation:
    """The answers to the four questions (values of the dicts above)."""

    phase: str
    labels: str
    position: str
    role: str | None

    @property
    def summary(self) -> str:
        role = ROLES.get(self.role or "", "niet gezegd")
        return (
            f"Fase: {PHASES.get(self.phase, self.phase)} · Label in gebruik: "
            f"{LABELS.get(self.labels, self.labels)} · Positie: "
            f"{POSITIONS.get(self.position, self.position)} · Rol: {role}"
        )


def normalise(slot: str, value: object) -> str | None:
    """A slot value the flow knows, or None (then the question is asked again)."""
    options = {PHASE_SLOT: PHASES, LABELS_SLOT: LABELS, POSITION_SLOT: POSITIONS, ROLE_SLOT: ROLES}
    text = str(value or "").strip().lower()
    return text if text in options.get(slot, {}) else None


def choice_buttons(slot: str) -> tuple[Button, ...]:
    """The buttons for ``slot``'s question: each sends ``/choose{"<entity>": value}``; "weet
    niet" sends ``/dont_know``."""
    entity = {PHASE_SLOT: "phase", LABELS_SLOT: None, POSITION_SLOT: "position", ROLE_SLOT: "role"}
    options = {PHASE_SLOT: PHASES, LABELS_SLOT: LABELS, POSITION_SLOT: POSITIONS, ROLE_SLOT: ROLES}
    buttons = []
    for value, title in options[slot].items():
        if value == UNKNOWN:
            payload = "/dont_know"
        elif entity[slot] is None:
            payload = "/affirm" if value == "ja" else "/deny"
        else:
            payload = f'/choose{{"{entity[slot]}":"{value}"}}'
        buttons.append(Button(title=title, payload=payload))
    return tuple(buttons)


def question(slot: str) -> Answer:
    """The question for ``slot``, with its buttons."""
    return Answer(text=QUESTIONS[slot], buttons=choice_buttons(slot))


def advice_for(situation: Situation) -> tuple[Advice, ...]:
    """The advice for the situation, in the order of §1.1's questions."""
    return (
        *PHASE_ADVICE[situation.phase],
        *LABEL_ADVICE[situation.labels],
        *POSITION_ADVICE[situation.position],
        *ROLE_ADVICE,
    )


def render_situation(situation: Situation, knowledge: KnowledgeBase) -> Answer:
    """The advice for ``situation`` and buttons to the entries that matter now."""
    advice = advice_for(situation)
    lines = render_advice(advice, knowledge)
    entries = [knowledge[e] for e in NOW_ENTRIES[situation.phase]]
    if situation.role:
        entries.append(knowledge.for_role(knowledge[ROLE_ENTRY], situation.role))
    text = "\n\n".join(
        [
            f"**Waar staan we?**\n{situation.summary}",
            "Wat het rapport je nu meegeeft:\n" + "\n".join(lines),
            f"_{knowledge[NO_SINGLE_PLAN_ENTRY].caveats[0]}_ Verder lezen: kies hieronder.",
            source_line(entries_of(advice, knowledge)),
        ]
    )
    return Answer(text=text, buttons=tuple(entry_button(e) for e in entries))
