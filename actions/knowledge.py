"""Answer knowledge questions from curated entries."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.quiz import ask_first, open_question
from bot.context import FollowUp, clearly_follows_up, refers_back, resolve, says_online
from bot.conversation import previous_user_text
from bot.knowledge import Entry, KnowledgeBase
from bot.knowledge.loader import default_knowledge
from bot.knowledge.search import default_index
from bot.nlu.parse import RETRIEVAL_INTENT, ranked_entries, selected_entry
from bot.nlu.questions import OTHER_QUESTIONS
from bot.nlu.roles import OTHER, PERSPECTIVE
from bot.privacy.reminder import REMINDER, needs_reminder
from bot.privacy.reminder import SLOT as REMINDER_SLOT
from bot.render import Answer, entry_button, render_background, render_entry
from bot.safety import AFTER, FIRST, alarm, emergency_lines

ENTRY_SLOT = "entry"
ROLE_SLOT = "role"
# Below this confidence in the chosen entry, the answer also offers the next candidates.
UNSURE_BELOW = 0.5
MIN_ALTERNATIVE_CONFIDENCE = 0.05


def selected_entry_id(tracker: Tracker) -> str | None:
    """The entry the user asked for: a button's ``entry`` entity, else the
    classifier's choice for the retrieval intent ``knowledge``."""
    message = tracker.latest_message or {}
    if (message.get("intent") or {}).get("name") != RETRIEVAL_INTENT:
        entity = next(tracker.get_latest_entity_values(ENTRY_SLOT), None)
        return entity or tracker.get_slot(ENTRY_SLOT)
    return selected_entry(message)


def asker_role(tracker: Tracker) -> str | None:
    """The role the asker gave for themselves now ("als wijkagent …") or earlier in the
    conversation. A role named as the other party carries the entity role ``other``
    (:mod:`bot.nlu.rasa_roles`) and is not read here."""
    return next(tracker.get_latest_entity_values(ROLE_SLOT), None) or tracker.get_slot(ROLE_SLOT)


def perspective_role(tracker: Tracker) -> str | None:
    """The role whose side of the answer the latest message asks for ("en voor iemand van
    OOV?", "wat moet de jongerenwerker zelf doen?"; entity role ``perspective``)."""
    return next(tracker.get_latest_entity_values(ROLE_SLOT, entity_role=PERSPECTIVE), None)


def named_role(tracker: Tracker) -> str | None:
    """The role the latest message itself asks the answer for: a perspective it names, else
    the asker's role said in this message ("en als ik zelf jongerenwerker ben?")."""
    return perspective_role(tracker) or next(tracker.get_latest_entity_values(ROLE_SLOT), None)


def other_roles(tracker: Tracker) -> list[str]:
    """Roles the latest message names as the other party ("de politie wil namen van mij")."""
    return list(tracker.get_latest_entity_values(ROLE_SLOT, entity_role=OTHER))


def entry_for_asker(entry: Entry, knowledge: KnowledgeBase, tracker: Tracker) -> Entry:
    """The variant of ``entry`` for the one who asks (:meth:`KnowledgeBase.for_asker`) — or
    for the role whose side the message asks for — and its online counterpart when the
    message or the one before it is about online contact."""
    role = perspective_role(tracker) or asker_role(tracker)
    entry = knowledge.for_asker(entry, role, other_roles(tracker))
    text = (tracker.latest_message or {}).get("text") or ""
    if (
        entry.online is not None
        and entry.online in knowledge
        and says_online(text, previous_user_text(tracker.events))
    ):
        entry = knowledge[entry.online]
    return entry


def follow_up_variant(entry: Entry, knowledge: KnowledgeBase, tracker: Tracker) -> Entry:
    """The entry a follow-up resolved to, as it is shown: the answer just given stays the
    row it was shown in ("waarom?" after the partners' row); another entry gets the asker's
    variant (:func:`entry_for_asker`)."""
    if entry.id == tracker.get_slot(ENTRY_SLOT):
        return entry
    return entry_for_asker(entry, knowledge, tracker)


def follow_up_entry(tracker: Tracker, knowledge: KnowledgeBase) -> Entry | None:
    """For a message that refers back to the current topic (slot ``entry``), the entry that
    answers it in that context (:func:`bot.context.resolve`); None without a topic."""
    topic = knowledge.get(tracker.get_slot(ENTRY_SLOT))
    if topic is None:
        return None
    message = tracker.latest_message or {}
    follow_up = FollowUp(
        text=message.get("text") or "",
        topic=topic,
        previous_question=previous_user_text(tracker.events),
        role=named_role(tracker),
        classifier_ranking=[entry_id for entry_id, _ in ranked_entries(message)],
    )
    return resolve(follow_up, knowledge, default_index())


def privacy_reminder(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Once per conversation, when the message contains personal data: a one-line reminder
    that names are not needed (:mod:`bot.privacy.reminder`), said before the answer (after
    any emergency line) so the answer stays the last message. The message is answered all
    the same."""
    text = (tracker.latest_message or {}).get("text") or ""
    if not needs_reminder(text, bool(tracker.get_slot(REMINDER_SLOT))):
        return []
    dispatcher.utter_message(text=REMINDER)
    return [SlotSet(REMINDER_SLOT, True)]


def alternatives(tracker: Tracker, knowledge: KnowledgeBase) -> list[Entry]:
    """When the classifier was unsure of its choice, the entries it ranked next."""
    ranked = ranked_entries(tracker.latest_message or {})
    if not ranked or ranked[0][1] >= UNSURE_BELOW:
        return []
    return [
        knowledge[entry_id]
        for entry_id, confidence in ranked[1:]
        if confidence >= MIN_ALTERNATIVE_CONFIDENCE and entry_id in knowledge
    ]


def utter_emergency_lines(dispatcher: CollectingDispatcher, text: str) -> None:
    """Send the emergency line(s) for ``text``: 113 and/or 112 (bot.safety.emergency_lines)."""
    for line in emergency_lines(text):
        dispatcher.utter_message(text=line)


def safety_first(dispatcher: CollectingDispatcher, tracker: Tracker) -> str:
    """Say 112 (or 113) first when :func:`bot.safety.alarm` puts the line first — the
    message reads as danger now, or the classifier's calibrated probability of acute danger
    is high — although the NLU's best intent is something else (``acute_danger`` has its
    own action). Returns where the line goes, for :func:`safety_after`."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    where = alarm(text, message)
    if where == FIRST:
        utter_emergency_lines(dispatcher, text)
    return where


def safety_after(dispatcher: CollectingDispatcher, tracker: Tracker, where: str) -> None:
    """The emergency line after the answer, where :func:`safety_first` moved it there (a
    framed question: about danger rather than in it). Moved, never dropped."""
    if where == AFTER:
        utter_emergency_lines(dispatcher, (tracker.latest_message or {}).get("text") or "")


ANSWER_KEY = "answer"


def utter_answer(dispatcher: CollectingDispatcher, answer: Answer) -> None:
    """Send a rendered answer with its buttons; an entry's parts go along under ``answer``
    for channels that lay them out themselves (Teams cards). Rasa passes such extra keys
    to the output channel; the REST channel ignores them."""
    extra = {ANSWER_KEY: answer.view.as_dict()} if answer.view else {}
    dispatcher.utter_message(
        text=answer.text, buttons=[b.as_dict() for b in answer.buttons], **extra
    )


ALSO_ASKED = "Je vroeg ook:"


def offer_other_questions(
    dispatcher: CollectingDispatcher, tracker: Tracker, knowledge: KnowledgeBase, answered: str
) -> None:
    """A message with several questions got the answer to one: the others' entries, as
    buttons (found by the classifier, :data:`bot.nlu.questions.OTHER_QUESTIONS`)."""
    others = [
        knowledge[e]
        for e in (tracker.latest_message or {}).get(OTHER_QUESTIONS) or []
        if e in knowledge and e != answered
    ]
    if others:
        buttons = [entry_button(e).as_dict() for e in others]
        dispatcher.utter_message(text=ALSO_ASKED, buttons=buttons)


class _EntryAction(Action, ABC):
    """Find the entry the user asked for, render it, remember it; say so plainly when
    there is none. Subclasses choose the entry's variant and how to render it. (Abstract,
    so the action server does not register it.)"""

    @abstractmethod
    def render(self, entry: Entry, knowledge: KnowledgeBase, tracker: Tracker) -> Answer:
        """The answer for ``entry``."""

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        typed = (tracker.latest_message.get("intent") or {}).get("name") == RETRIEVAL_INTENT
        if typed and open_question(tracker) is not None:
            # A quiz question is open: its answer is not given away (the 112 line still is).
            safety_first(dispatcher, tracker)
            ask_first(dispatcher, tracker)
            return []
        knowledge = default_knowledge()
        entry = knowledge.get(selected_entry_id(tracker))
        if entry is None:
            dispatcher.utter_message(response="utter_entry_not_found")
            return [SlotSet(ENTRY_SLOT, None)]
        answer = self.render(entry, knowledge, tracker)
        where = safety_first(dispatcher, tracker)
        reminder = privacy_reminder(dispatcher, tracker)
        utter_answer(dispatcher, answer)
        offer_other_questions(dispatcher, tracker, knowledge, answer.entry_id or entry.id)
        safety_after(dispatcher, tracker, where)
        return [SlotSet(ENTRY_SLOT, answer.entry_id or entry.id), *reminder]


class ActionAnswerKnowledge(_EntryAction):
    """The answer: for a question, the variant for the asker's role where the report has one
    (a button shows exactly the entry it names)."""

    def name(self) -> str:
        return "action_answer_knowledge"

    def render(self, entry: Entry, knowledge: KnowledgeBase, tracker: Tracker) -> Answer:
        role = asker_role(tracker)
        if (tracker.latest_message.get("intent") or {}).get("name") != RETRIEVAL_INTENT:
            return render_entry(entry, knowledge, role)
        others = alternatives(tracker, knowledge)
        text = tracker.latest_message.get("text") or ""
        if (others and refers_back(text)) or clearly_follows_up(text):
            # Unsure, and the message refers back ("en als ik het niet doe?"), or it plainly
            # asks about the answer just given ("geldt dat ook voor …?"): read it against
            # the current topic instead.
            in_context = follow_up_entry(tracker, knowledge)
            if in_context is not None:
                entry = follow_up_variant(in_context, knowledge, tracker)
                return render_entry(entry, knowledge, role, perspective=perspective_role(tracker))
        return render_entry(
            entry_for_asker(entry, knowledge, tracker),
            knowledge,
            role,
            others,
            perspective=perspective_role(tracker),
        )


class ActionShowBackground(_EntryAction):
    """Background on request: the report's own words behind an entry."""

    def name(self) -> str:
        return "action_show_background"

    def render(self, entry: Entry, knowledge: KnowledgeBase, tracker: Tracker) -> Answer:
        return render_background(entry)
