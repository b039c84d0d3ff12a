"""The information-sharing helper (``sharing_form``, validated by ``validate_sharing_form``,
then ``action_sharing_advice``): the questions and advice of :mod:`bot.situations.sharing`
(Tabel 2, §3.2). Side questions, back and stop: :mod:`actions.situations`."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.knowledge import ROLE_SLOT, asker_role, utter_answer
from actions.situations import (
    CORRECTION,
    REQUESTED_SLOT,
    SHARING_FORM,
    answers_the_question,
    previous_value,
    reject,
    text_of,
)
from bot.knowledge.loader import default_knowledge
from bot.render import Answer, Button, entry_button
from bot.situations import sharing


class ValidateSharingForm(FormValidationAction):
    """Asks only what the advice needs (:func:`bot.situations.sharing.questions`); steps aside for
    messages that are no answer; takes a correction of the role or kind of information."""

    def name(self) -> str:
        return f"validate_{SHARING_FORM}"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        return sharing.questions(sharing.Case.from_slots(tracker.slots))

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not answers_the_question(tracker, SHARING_FORM):
            return reject(tracker, SHARING_FORM)
        return await super().run(dispatcher, tracker, domain)

    def validate_sharing_role(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _answer_or_correction(sharing.ROLE, value, sharing.ROLE_LABELS, dispatcher, tracker)

    def validate_sharing_info(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _answer_or_correction(sharing.KIND, value, sharing.KIND_LABELS, dispatcher, tracker)


def _answer_or_correction(
    slot: str,
    value: Any,
    labels: dict[str, str],
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
) -> dict[str, Any]:
    """A role or kind of information said while another question was asked: a correction
    of the earlier answer ("nee, ik ben wijkagent"; then the current question is asked
    again), or a mere mention ("mag ik dat met de wijkagent delen?"; then it is ignored)."""
    requested = tracker.get_slot(REQUESTED_SLOT)
    before = previous_value(tracker, slot)
    if requested is None or slot == requested or value == before or value is None:
        return {slot: value}  # (no question asked yet: the form starts with what is known)
    if before is None or not CORRECTION[slot].search(text_of(tracker)):
        return {slot: before}
    result = {slot: value}
    if requested and tracker.get_slot(requested) != previous_value(tracker, requested):
        result[requested] = None  # the "nee" in "nee, ik ben wijkagent" answers nothing
    dispatcher.utter_message(text=f"Oké, aangepast: {labels.get(value, value)}.")
    return result


class ActionSharingStart(Action):
    """Starts the helper afresh; a role the user mentioned earlier is not asked again."""

    def name(self) -> str:
        return "action_sharing_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_sharing_intro")
        events = [SlotSet(slot, None) for slot in sharing.SLOTS]
        role = asker_role(tracker)
        if role in sharing.ROLES:
            events.append(SlotSet(sharing.ROLE, role))
        return events


class ActionSharingAdvice(Action):
    """The advice for the answers, with sources; then the form's answers are cleared (the
    role is remembered for later questions)."""

    def name(self) -> str:
        return "action_sharing_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        knowledge = default_knowledge()
        case = sharing.Case.from_slots(tracker.slots)
        lines = sharing.advise(case)
        title = f"**Advies: informatie delen als {sharing.ROLE_LABELS.get(case.role or '', '')}**"
        text = "\n".join(
            [title, f"_{sharing.answers_line(case)}_", *(f"- {line.text}" for line in lines)]
        )
        text += "\n\n" + sharing.advice_source_line(lines)
        entry = (
            "informatiedeling-jongerenwerker"
            if case.is_youth_worker
            else "informatiedeling-netwerkpartners"
        )
        related = [entry, "informatiedeling-dpia-fg"]
        buttons = [entry_button(knowledge[e]) for e in related if e in knowledge]
        buttons.append(Button("Opnieuw, met andere antwoorden", "/start_sharing"))
        utter_answer(dispatcher, Answer(text=text, buttons=tuple(buttons)))
        return [SlotSet(slot, None) for slot in sharing.SLOTS] + [SlotSet(ROLE_SLOT, case.role)]
