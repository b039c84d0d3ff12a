"""Reading a group with the duidingsinstrument (appendix), pillar by pillar.

The instrument has 43 items in four pillars. The walk-through asks per item whether it is
problematic for this group (ja / nee / weet niet / sla over), lets the team skip a whole
pillar, and hands back the filled-in instrument as Markdown. The answers are button
choices kept in one slot (a dict item id → answer), never free text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.knowledge import Entry, KnowledgeBase
from bot.render import Answer, Button, entry_button
from bot.situations.advice import short_source, source_line

ANSWER_SLOT = "group_answer"
ANSWERS_SLOT = "group_answers"
INDEX_SLOT = "group_index"

YES, NO, UNKNOWN, SKIPPED, PILLAR_SKIPPED = "ja", "nee", "onbekend", "overgeslagen", "pijler"
ANSWER_LABELS = {
    YES: "ja",
    NO: "nee",
    UNKNOWN: "weet niet",
    SKIPPED: "overgeslagen",
    PILLAR_SKIPPED: "pijler overgeslagen",
}
INSTRUMENT_ENTRY = "duidingsinstrument"


@dataclass(frozen=True)
class Item:
    """One item of the instrument: its number as the report prints it, and its entry."""

    number: str
    entry: str
    pillar: str


PILLARS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Groepskenmerken", (
        ("1", "historie"), ("2", "homogeniteit"), ("3", "leeftijdsopbouw"),
        ("4", "rol-volwassenen"), ("5", "vorm"), ("6", "bijnamen"),
        ("7", "hierarchie-organisatie"), ("8", "onderlinge-verhoudingen"),
        ("8a", "intergroepsverhoudingen"), ("9", "criminele-contacten"),
        ("10", "familieverbanden"), ("11", "zichtbaarheid-online"),
    )),
    ("Impact op de (online) omgeving", (
        ("12", "aantrekkingskracht"), ("13", "hotspots"), ("14", "negatieve-rolmodellen"),
        ("15", "onveiligheid-overlast"), ("16", "uiterlijke-symbolen"),
        ("17", "intimiderend-karakter"), ("18", "vertrouwen-overheid"),
    )),
    ("Criminaliteit en houding", (
        ("19", "actieradius"), ("20", "antecedenten"), ("21", "systeem-straatinformatie"),
        ("22", "motief-delicten"), ("23", "opsporingsindicaties"), ("24", "recidiverisico"),
        ("25", "pesten-bedreiging"), ("26", "seksueel-grensoverschrijdend"),
        ("27", "geen-respect"), ("28", "toegankelijkheid"), ("29", "verzet"),
        ("30", "open-houding"), ("31", "reflecteren"),
    )),
    ("Psychosociale problematiek", (
        ("32", "lichtverstandelijke-beperking"), ("33", "startkwalificatie"),
        ("34", "schoolverzuim"), ("35", "speciaal-onderwijs"), ("36", "werk-inkomen"),
        ("37", "financiele-problematiek"), ("38", "middelengebruik"), ("39", "opvoedsituatie"),
        ("40", "zorgmeldingen"), ("41", "civiel-strafrechtelijke-maatregelen"),
        ("41", "persoonsgerichte-aanpak"),  # the report numbers two items 41
    )),
)  # fmt: skip
ITEMS: tuple[Item, ...] = tuple(
    Item(number, f"duiding-{name}", pillar) for pillar, items in PILLARS for number, name in items
)
PILLAR_NAMES = tuple(p for p, _ in PILLARS)


def pillar_range(pillar: str) -> range:
    """The indexes (into :data:`ITEMS`) of ``pillar``'s items."""
    indexes = [i for i, item in enumerate(ITEMS) if item.pillar == pillar]
    return range(indexes[0], indexes[-1] + 1)


@dataclass(frozen=True)
class Progress:
    """Where the walk-through is: the next item's index and the answers so far."""

    index: int = 0
    answers: Mapping[str, str] | None = None

    @property
    def done(self) -> bool:
        return self.index >= len(ITEMS)

    @property
    def current(self) -> Item | None:
        return None if self.done else ITEMS[self.index]

    def _answers(self) -> dict[str, str]:
        return dict(self.answers or {})

    def answer(self, value: str) -> Progress:
        """Record ``value`` for the current item (a whole pillar for ``pijler``) and move on."""
        item = self.current
        if item is None or value not in ANSWER_LABELS:
            return self
        answers = self._answers()
        if value == PILLAR_SKIPPED:
            rest = [i for i in pillar_range(item.pillar) if i >= self.index]
            answers.update({ITEMS[i].entry: PILLAR_SKIPPED for i in rest})
            return Progress(rest[-1] + 1, answers)
        answers[item.entry] = value
        return Progress(self.index + 1, answers)

    def back(self) -> Progress:
        """One step back: the previous item (the start of a skipped pillar), answer removed."""
        answers = self._answers()
        index = self.index - 1
        if index < 0:
            return Progress(0, answers)
        if answers.get(ITEMS[index].entry) == PILLAR_SKIPPED:
            skipped = pillar_range(ITEMS[index].pillar)
            while index > skipped.start and answers.get(ITEMS[index - 1].entry) == PILLAR_SKIPPED:
                index -= 1
        for i in range(index, self.index):
            answers.pop(ITEMS[i].entry, None)
        return Progress(index, answers)


def from_slots(index: object, answers: object) -> Progress:
    """Progress from the slots' values (tolerating what a tracker store gives back)."""
    try:
        position = max(0, int(float(index or 0)))  # type: ignore[arg-type]  # caught below
    except (TypeError, ValueError):
        position = 0
    valid = {str(k): str(v) for k, v in answers.items()} if isinstance(answers, dict) else {}
    return Progress(position, valid)


def item_title(entry: Entry) -> str:
    return entry.title.removeprefix("Duidingsitem: ")


def item_question(entry: Entry) -> str:
    """The item's question: its entry summary after the pillar name, capitalised."""
    _, _, rest = entry.summary.partition(": ")
    rest = rest or entry.summary
    return rest[0].upper() + rest[1:]


ITEM_BUTTONS = (
    Button("Ja, zorgelijk", "/affirm"),
    Button("Nee", "/deny"),
    Button("Weet niet", "/dont_know"),
    Button("Sla over", "/skip"),
    Button("Sla deze pijler over", "/skip_pillar"),
)
INTRO = (
    "**Een groep duiden met het duidingsinstrument**\nWe lopen de 43 items door, pijler per "
    "pijler. Geef per item aan of het voor deze groep zorgelijk is. Noem geen namen: ik bewaar "
    "alleen je keuzes, en alleen in dit gesprek. 'terug' = vorig item, 'stop' = stoppen met "
    "wat je al hebt."
)


def render_question(progress: Progress, knowledge: KnowledgeBase) -> Answer:
    """The screen for the current item; the first item of a pillar names the pillar."""
    item = progress.current
    if item is None:
        return Answer(text="Alle items zijn doorlopen.")
    entry = knowledge[item.entry]
    items = pillar_range(item.pillar)
    position = progress.index - items.start + 1
    pillar_no = PILLAR_NAMES.index(item.pillar) + 1
    parts = []
    if progress.index == 0:
        parts.append(INTRO)
    if position == 1:
        parts.append(f"**Pijler {pillar_no} van 4: {item.pillar}** ({len(items)} items)")
    parts.append(
        f"**{item.number}. {item_title(entry)}** ({position}/{len(items)})\n"
        f"{item_question(entry)}\nIs dit voor deze groep zorgelijk? _({short_source(entry)})_"
    )
    return Answer(text="\n\n".join(parts), buttons=ITEM_BUTTONS)


def render_markdown(progress: Progress, knowledge: KnowledgeBase, complete: bool) -> str:
    """The filled-in instrument as Markdown: per pillar a table of the items answered."""
    answers = progress.answers or {}
    instrument = knowledge[INSTRUMENT_ENTRY]
    lines = ["# Duidingsinstrument (ingevuld in dit gesprek)", ""]
    if not complete:
        lines += ["_Niet afgemaakt: alleen de items tot waar je stopte._", ""]
    lines.append(f"_{source_line([instrument])}; o.b.v. Herder e.a. (2023), Bureau Beke._")
    for number, (pillar, _) in enumerate(PILLARS, 1):
        items = [ITEMS[i] for i in pillar_range(pillar)]
        lines += ["", f"## {number}. {pillar}", ""]
        if all(answers.get(i.entry) == PILLAR_SKIPPED for i in items):
            lines.append("_Pijler overgeslagen._")
            continue
        answered = [i for i in items if i.entry in answers]
        if not answered:
            lines.append("_Nog niet doorlopen._")
            continue
        lines += ["| Nr | Item | Zorgelijk? |", "|---|---|---|"]
        lines += [
            f"| {i.number} | {item_title(knowledge[i.entry])} | "
            f"{ANSWER_LABELS[answers[i.entry]]} |"
            for i in answered
        ]
    concerns = [i for i in ITEMS if answers.get(i.entry) == YES]
    lines += ["", "## Zorgelijk volgens jullie", ""]
    lines += [f"- {i.number}. {item_title(knowledge[i.entry])}" for i in concerns] or ["- geen"]
    lines += ["", "## Verder", ""]
    lines += [f"- {line}" for line in instrument.checklist[-1:]]
    lines += [f"- {caveat}" for caveat in instrument.caveats]
    return "\n".join(lines)


KEPT_NOTE = (
    "Dit overzicht staat alleen in dit gesprek. Kopieer het als je het wilt bewaren; het "
    "gesprek wordt na de bewaartermijn verwijderd."
)


def render_result(progress: Progress, knowledge: KnowledgeBase, complete: bool) -> Answer:
    """The hand-back: the Markdown instrument, then what happens to it, and buttons to the
    items found problematic."""
    markdown = render_markdown(progress, knowledge, complete)
    answers = progress.answers or {}
    concerns = [knowledge[i.entry] for i in ITEMS if answers.get(i.entry) == YES][:4]
    # Always a button: channels keep a message with buttons in one piece (Rasa's REST
    # channel splits a text without buttons at blank lines, which would cut the Markdown).
    buttons = [*concerns, knowledge[INSTRUMENT_ENTRY]]
    return Answer(
        text=f"{markdown}\n\n_{KEPT_NOTE}_",
        buttons=tuple(entry_button(e) for e in buttons),
    )
