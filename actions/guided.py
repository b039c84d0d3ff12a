"""What the three guided situations share: asking a question, going back, stopping, and
stepping aside when the user starts another flow.

Each flow is a Rasa form (domain/guided.yml) with its own module:
:mod:`actions.situation_phase`, :mod:`actions.aftercare`, :mod:`actions.group_reading`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.knowledge import utter_answer, utter_emergency_lines
from bot.flows import FLOW_STARTS
from bot.render import Answer
from bot.safety import SUICIDE_LINE, is_acute, mentions_self_harm

REQUESTED_SLOT = "requested_slot"
STOPPED = (
    "Oké, we stoppen hier. Je antwoorden zijn gewist. Stel gerust een andere vraag, of begin "
    "opnieuw wanneer je wilt."
)


class AskAction(Action, ABC):
    """``action_ask_<slot>``: the question for one slot of a flow, with its buttons.
    (Abstract, so the action server registers only the subclasses.)"""

    slot: str

    @abstractmethod
    def question(self) -> Answer:
        """The question for :attr:`slot`."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        utter_answer(dispatcher, self.question())
        return []


UNCLEAR = "Dat past niet bij deze vraag. Kies een knop, of typ 'terug' of 'stop'."


class ActionSituationUnclear(Action):
    """A message the open question cannot use and the NLU could not place. Safety first:
    any mention of self-harm gets 113 (even without a sign of "now": in these flows that is
    reason enough), danger now gets 112; otherwise: pick a button, 'terug' or 'stop'. The
    form then asks its question again."""

    def name(self) -> str:
        return "action_situation_unclear"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        text = (tracker.latest_message or {}).get("text") or ""
        if mentions_self_harm(text):
            dispatcher.utter_message(text=SUICIDE_LINE)
        elif is_acute(text):
            utter_emergency_lines(dispatcher, text)
        else:
            dispatcher.utter_message(text=UNCLEAR)
        return []


def previous_slot(order: tuple[str, ...], tracker: Tracker) -> str | None:
    """The slot answered just before the one now asked (None at the first question)."""
    requested = tracker.get_slot(REQUESTED_SLOT)
    before = order[: order.index(requested)] if requested in order else order
    filled = [slot for slot in before if tracker.get_slot(slot) is not None]
    return filled[-1] if filled else None


def go_back_events(order: tuple[str, ...], tracker: Tracker) -> list[EventType]:
    """Clear the previous answer so the form asks it again; nothing at the first question."""
    slot = previous_slot(order, tracker)
    return [SlotSet(slot, None)] if slot else []


def clear(slots: tuple[str, ...]) -> list[EventType]:
    return [SlotSet(slot, None) for slot in slots]


def starts_another_flow(tracker: Tracker, form: str) -> bool:
    """The message the running ``form`` is about to take starts another flow (the tour,
    the quiz, progress, another guided situation: :data:`bot.flows.FLOW_STARTS`). False
    while the form is being started (it did not run before the message, or other actions
    ran since: a rule ended the old form first): then the message is its own start."""
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    if intent not in FLOW_STARTS:
        return False
    events = tracker.events
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    loops = [e for e in events[:last_user] if e.get("event") == "active_loop"]
    was_running = bool(loops) and loops[-1].get("name") == form
    ran = {e.get("name") for e in events[last_user + 1 :] if e.get("event") == "action"}
    return was_running and not ran - {"action_listen", "action_extract_slots", form}


class StepsAsideForAnotherFlow(FormValidationAction, ABC):
    """A form validator that rejects a message starting another flow, so that the rules in
    data/rules/flow_switch.yml end this form and start that flow. (Abstract: the action
    server registers only the subclasses.)"""

    @abstractmethod
    def name(self) -> str:
        """``validate_<form>``."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        form = self.form_name()
        if starts_another_flow(tracker, form):
            return [ActionExecutionRejected(form)]
        return await super().run(dispatcher, tracker, domain)


class GuidedFormValidation(StepsAsideForAnotherFlow, ABC):
    """``validate_<form>`` built from a flow's spec: for each of :attr:`slots` a
    ``validate_<slot>`` that keeps an answer only when the flow's :meth:`normalise` knows
    it (anything else leaves the slot empty, so the form asks again). Subclasses set
    :attr:`form` and :attr:`slots` and name the flow's ``normalise(slot, value)``."""

    form: ClassVar[str]
    slots: ClassVar[tuple[str, ...]]

    @staticmethod
    @abstractmethod
    def normalise(slot: str, value: object) -> object:
        """The flow's own value for ``value`` as an answer to ``slot``; None if unknown."""

    def name(self) -> str:
        return f"validate_{self.form}"

    def __getattr__(self, attribute: str) -> Any:
        slot = attribute.removeprefix("validate_")
        if attribute.startswith("validate_") and slot in type(self).slots:

            async def validate(
                value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
            ) -> dict[str, Any]:
                return {slot: self.normalise(slot, value)}

            return validate
        raise AttributeError(attribute)


def ask_actions(
    slots: tuple[str, ...], question: Callable[[str], Answer], module: str
) -> list[type[AskAction]]:
    """``action_ask_<slot>`` for each of ``slots``, asking ``question(slot)``: one class per
    slot, as the action server registers them (``module``: the flow's module, for the
    classes' home)."""

    def make(slot: str) -> type[AskAction]:
        def ask(self: AskAction) -> Answer:
            return question(self.slot)

        name = "ActionAsk" + "".join(part.title() for part in slot.split("_"))
        return type(name, (AskAction,), {"slot": slot, "question": ask, "__module__": module})

    return [make(slot) for slot in slots]
