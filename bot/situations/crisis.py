"""The crisis walk-through ("er dreigt een confrontatie"): safety first, then the report's
five-step model for critical decisions, step by step, ending with a checklist to copy.

First the question whether anyone is in direct danger (then: 112). Then the five steps of
the model for critical decision-making (§4.2/§4.3): information (also from online sources);
immediate action and whom to involve (also informal online contacts; the least repressive
roles first); the limits of rules, laws and policy; an action plan (the four de-escalation
tactics, one spokesperson, talking before acting); carrying it out and evaluating. Every
line is taken from a curated entry, and each step ends with those entries' ``Bron:`` line.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge import KnowledgeBase, Source
from bot.knowledge.model import source_line
from bot.render import Answer, Button
from bot.safety import DANGER_REMINDER, EMERGENCY_LINE

DANGER = "crisis_danger"
MODEL = "kritische-besluitvorming-stappen"
TACTICS = "deescalatie-tactieken"
LEAST_REPRESSIVE = "vredesbewaking-minst-repressieve-rol"
SPOKESPERSON = "een-woordvoerder"
LEGAL = "informatiedeling-dpia-fg"

NEXT_BUTTONS = (
    Button("Volgende", "/affirm"),
    Button("Nog open, verder", "/deny"),  # not done: marked open, on to the next step
    Button("Terug", "/go_back"),
    Button("Stoppen", "/stop"),
)
DANGER_QUESTION = (
    "Eerst: is er nu direct gevaar voor iemand, zoals wapens, geweld of gewonden? "
    "Dan bel je eerst 112."
)
DANGER_BUTTONS = (
    Button("Ja, er is nu gevaar", "/affirm"),
    Button("Nee, nu niet", "/deny"),
    Button("Stoppen", "/stop"),
)
CALL_FIRST = EMERGENCY_LINE + " Daarna kun je hier verder met de stappen."


@dataclass(frozen=True)
class Line:
    """A line of a step: one item (``field``, index) of an entry, optionally introduced."""

    entry: str
    field: str
    index: int
    lead: str = ""
    section: str | None = None  # cite only this section of the entry's sources


@dataclass(frozen=True)
class Step:
    """One step of the walk-through: the slot it fills, its lines, and its checklist line."""

    slot: str
    title: str
    lines: tuple[Line, ...]
    question: str
    check: str

    def sources(self, knowledge: KnowledgeBase) -> list[Source]:
        """The sources of the entries its lines come from (one section where a line says so)."""
        found = [
            source
            for line in self.lines
            for source in knowledge[line.entry].sources
            if line.section in (None, source.section)
        ]
        return list(dict.fromkeys(found))


STEPS: tuple[Step, ...] = (
    Step(
        "crisis_info",
        "Stap 1 van 5: informatie",
        (Line(MODEL, "steps", 0),),
        "Heb je dat beeld zo goed als rond?",
        "Informatie verzameld, fysiek en online (wapens, oorzaak, betrokkenen, eerdere oproepen)",
    ),
    Step(
        "crisis_action",
        "Stap 2 van 5: direct ingrijpen, en wie je erbij haalt",
        (
            Line(MODEL, "steps", 1),
            Line(LEAST_REPRESSIVE, "steps", 2),
            Line(LEAST_REPRESSIVE, "steps", 3),
            Line(TACTICS, "steps", 4),
        ),
        "Weet je wie je erbij haalt?",
        "Besloten of direct ingrijpen nodig is en wie erbij komt; minst repressieve rol eerst",
    ),
    Step(
        "crisis_limits",
        "Stap 3 van 5: de grenzen",
        (Line(MODEL, "steps", 2), Line(LEGAL, "caveats", 1, section="1")),
        "Weet je binnen welke grenzen je werkt?",
        "Grenzen van regels, wetten en beleid nagegaan",
    ),
    Step(
        "crisis_plan",
        "Stap 4 van 5: het actieplan",
        (
            Line(MODEL, "steps", 3),
            Line(TACTICS, "steps", 0, "Tactiek 1: "),
            Line(TACTICS, "steps", 1, "Tactiek 2: "),
            Line(TACTICS, "steps", 2, "Tactiek 3: "),
            Line(TACTICS, "steps", 3, "Tactiek 4: "),
            Line(SPOKESPERSON, "steps", 0),
            Line(LEAST_REPRESSIVE, "steps", 1),
        ),
        "Staat je plan?",
        "Actieplan gemaakt: doel, mogelijke reactie, gekozen actie; één woordvoerder; "
        "de vier tactieken",
    ),
    Step(
        "crisis_evaluate",
        "Stap 5 van 5: uitvoeren en evalueren",
        (Line(MODEL, "steps", 4),),
        "Klaar? Dan zet ik alles op een rij.",
        "Plan uitgevoerd en geëvalueerd; online vervolg bedacht",
    ),
)
SLOTS = (DANGER, *(step.slot for step in STEPS))
REMINDERS = (
    "Eén persoon voert het woord.",
    "Eerst de minst repressieve rol, zoals jongerenwerk; eerst praten, fysiek ingrijpen als "
    "laatste.",
    "Vier tactieken: afremmen, alleen noodzakelijk en proportioneel geweld, afstand en dekking, "
    "hulp inschakelen (ook online informele contacten).",
)
REMINDER_ENTRIES = (SPOKESPERSON, LEAST_REPRESSIVE, TACTICS)


def step_for(slot: str) -> Step | None:
    return next((s for s in STEPS if s.slot == slot), None)


def render_step(step: Step, knowledge: KnowledgeBase) -> Answer:
    """The text of one step with its sources, and buttons to go on, back or stop."""
    lines = [
        f"- {line.lead}{getattr(knowledge[line.entry], line.field)[line.index]}"
        for line in step.lines
    ]
    text = "\n".join(
        [f"**{step.title}**", *lines, "", step.question, "", source_line(step.sources(knowledge))]
    )
    return Answer(text=text, buttons=NEXT_BUTTONS)


def render_danger_question() -> Answer:
    return Answer(text=DANGER_QUESTION, buttons=DANGER_BUTTONS)


def render_summary(answers: dict[str, object], knowledge: KnowledgeBase) -> Answer:
    """The checklist to copy or share: each step done ([x]) or still open ([ ]), the
    reminders, and the sources."""
    lines = ["**Checklist crisis** (kopieer of deel dit)"]
    if answers.get(DANGER) is True:
        lines.append("[x] Direct gevaar: 112 gebeld")
    for n, step in enumerate(STEPS, 1):
        mark = "[x]" if answers.get(step.slot) is True else "[ ]"
        lines.append(f"{mark} {n}. {step.check}")
    lines += ["", "Onthoud:", *(f"- {r}" for r in REMINDERS), DANGER_REMINDER]
    entries = list(dict.fromkeys([MODEL, *REMINDER_ENTRIES]))
    lines += ["", source_line(s for e in entries for s in knowledge[e].sources)]
    buttons = (
        Button("Opnieuw door de stappen", "/start_crisis"),
        Button("Snel: tactieken en stappen", '/quick_lookup{"topic":"crisis"}'),
    )
    return Answer(text="\n".join(lines), buttons=buttons)
