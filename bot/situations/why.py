"""Why a guided conversation asks what it asks: the entry each question comes from, so that
"waarom vraag je dat?", "wat betekent dit item?" or "wat bedoel je hiermee?" gets an answer in
place, from the report, before the question is asked again (issue 18).

:func:`why_entry` names the entry for a form's open question; :func:`render_why` says it in
two lines with the entry's source.
"""

from __future__ import annotations

from bot.knowledge import KnowledgeBase
from bot.render import Answer
from bot.situations import aftercare, crisis, group_reading, sharing, situation_phase

# The entry that explains each question, per slot (the crisis steps and the items of the
# duidingsinstrument name their own entries).
SLOT_ENTRIES: dict[str, str] = {
    situation_phase.PHASE_SLOT: "cyclus-drie-fases",
    situation_phase.LABELS_SLOT: "groepen-labels-perceptie",
    situation_phase.POSITION_SLOT: "positie-netwerkpartner",
    situation_phase.ROLE_SLOT: "orientatie-situatie-vragen",
    aftercare.STRESSOR_SLOT: "welzijn-stressoren",
    aftercare.TALKED_SLOT: "welzijn-professionals-hulp-vragen",
    aftercare.LEADS_SLOT: "welzijn-programma-nazorg",
    sharing.ROLE: "informatiedeling-vertrouwen-rollen",
    sharing.KIND: "informatiedeling-jongerenwerker",
    sharing.LEGAL_DUTY: "informatiedeling-jongerenwerker",
    sharing.CONSENT: "informatiedeling-jongerenwerker",
    sharing.VITAL: "informatiedeling-jongerenwerker",
    sharing.OTHER_WAY: "informatiedeling-jongerenwerker",
    crisis.DANGER: crisis.MODEL,
}
GROUP_READING_SLOT = group_reading.ANSWER_SLOT


def why_entry(slot: str | None, group_index: int | None = None) -> str | None:
    """The entry behind the question for ``slot`` (for the duidingsinstrument: the current
    item, ``group_index``), or None when the question is not known."""
    if slot == GROUP_READING_SLOT:
        item = group_reading.from_slots(group_index, None).current
        return item.entry if item else None
    step = crisis.step_for(slot or "")
    if step is not None:
        return step.lines[0].entry
    return SLOT_ENTRIES.get(slot or "")


def render_why(entry_id: str, knowledge: KnowledgeBase) -> Answer:
    """ "Waarom deze vraag?" with the entry's short answer and its source line."""
    entry = knowledge[entry_id]
    text = f"**Waarom deze vraag?** {entry.summary.strip()}\n_{entry.source_line}_"
    return Answer(text=text, entry_id=entry.id)
